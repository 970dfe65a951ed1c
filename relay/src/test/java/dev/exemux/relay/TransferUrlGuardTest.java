package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which ticket URLs may reach an executor's curl, decided without any executor. */
class TransferUrlGuardTest {

    private static final TransferUrlGuard PUBLIC_HTTPS = new TransferUrlGuard(URI.create("https://relay.example.com"),
            List.of("files.example.com", "10.0.0.7:8443", "169.254.169.254:80", "[fe80::1]:443"));
    private static final TransferUrlGuard LOOPBACK_HTTP = new TransferUrlGuard(URI.create("http://127.0.0.1:4100"),
            List.of());

    @Test
    void theRelaysOwnHostAndPortPass() {
        assertNull(PUBLIC_HTTPS.problem(URI.create("https://relay.example.com/relay/rly_1"), "upload"));
        assertNull(PUBLIC_HTTPS.problem(URI.create("https://RELAY.example.com:443/relay/rly_1"), "upload"));
        assertNull(LOOPBACK_HTTP.problem(URI.create("http://127.0.0.1:4100/relay/rly_1"), "upload"));
    }

    @Test
    void listedHostsPassOnTheirPortOnly() {
        assertNull(PUBLIC_HTTPS.problem(URI.create("https://files.example.com/relay/rly_1"), "upload"));
        assertNull(PUBLIC_HTTPS.problem(URI.create("https://10.0.0.7:8443/relay/rly_1"), "download"));
        refused(PUBLIC_HTTPS, "https://files.example.com:8443/relay/rly_1", "nor listed in EXEMUX_RELAY_HOSTS");
        refused(PUBLIC_HTTPS, "https://10.0.0.7/relay/rly_1", "nor listed");
    }

    @Test
    void anotherHostOrPortIsRefused() {
        refused(PUBLIC_HTTPS, "https://evil.example.net/relay/rly_1", "neither the relay's own relay.example.com:443");
        refused(PUBLIC_HTTPS, "https://relay.example.com:8443/x", "neither the relay's own");
        refused(LOOPBACK_HTTP, "http://127.0.0.1:4101/relay/rly_1", "neither the relay's own");
        refused(LOOPBACK_HTTP, "http://localhost:4100/relay/rly_1", "neither the relay's own");
    }

    @Test
    void onlyHttpsOrTheRelaysOwnHttp() {
        refused(PUBLIC_HTTPS, "http://relay.example.com/relay/rly_1", "scheme 'http', not https");
        refused(PUBLIC_HTTPS, "file:///etc/passwd", "scheme 'file'");
        refused(LOOPBACK_HTTP, "file:///etc/passwd", "not http or https");
        refused(LOOPBACK_HTTP, "ftp://127.0.0.1:4100/x", "scheme 'ftp'");
        refused(LOOPBACK_HTTP, "gopher://127.0.0.1:4100/x", "scheme 'gopher'");
        assertNull(LOOPBACK_HTTP.problem(URI.create("https://127.0.0.1:4100/x"), "upload"));
    }

    @Test
    void userinfoIsRefused() {
        refused(PUBLIC_HTTPS, "https://user:pw@relay.example.com/relay/rly_1", "user information");
        refused(LOOPBACK_HTTP, "http://rly_1@127.0.0.1:4100/relay/rly_1", "user information");
    }

    @Test
    void loopbackLinkLocalAndMetadataOnlyWhereTheRelayIs() {
        refused(PUBLIC_HTTPS, "http://169.254.169.254/latest/meta-data/", "scheme 'http'");
        TransferUrlGuard http = new TransferUrlGuard(URI.create("http://relay.internal:8080"),
                List.of("169.254.169.254:80", "127.0.0.1:9000", "localhost:9000", "[::ffff:169.254.169.254]:80"));
        refused(http, "http://169.254.169.254/latest/meta-data/", "cloud metadata address");
        refused(http, "http://[::ffff:169.254.169.254]/latest/", "cloud metadata address");
        refused(http, "http://127.0.0.1:9000/relay/rly_1", "loopback address");
        refused(http, "http://localhost:9000/relay/rly_1", "loopback address");
        refused(PUBLIC_HTTPS, "https://[fe80::1]/relay/rly_1", "link-local address");
        // The test relay lives on 127.0.0.1: loopback is where the relay is, so it passes there.
        TransferUrlGuard onLoopback = new TransferUrlGuard(URI.create("http://127.0.0.1:4100"), List.of("localhost:4100"));
        assertNull(onLoopback.problem(URI.create("http://localhost:4100/relay/rly_1"), "upload"));
        refused(new TransferUrlGuard(URI.create("http://127.0.0.1:4100"), List.of("169.254.169.254:80")),
                "http://169.254.169.254/", "cloud metadata address");
    }

    @Test
    void numericHostsCurlWouldReadAsAddressesAreRefused() {
        TransferUrlGuard listedOdd = new TransferUrlGuard(URI.create("https://relay.example.com"),
                List.of("2852039166", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376", "relay.example.com."));
        for (String url : List.of("https://2852039166/", "https://0xa9.0xfe.0xa9.0xfe/", "https://0251.0376.0251.0376/",
                "https://relay.example.com./")) {
            String why = listedOdd.problem(URI.create(url), "upload");
            assertNotNull(why, url);
        }
    }

    @Test
    void curlIsToldToFollowNoRedirectAndSpeakOnlyTheAllowedProtocols() {
        assertEquals(List.of("--proto", "=https", "--proto-redir", "=https", "--max-redirs", "0", "--globoff"),
                PUBLIC_HTTPS.curlOptions());
        assertEquals(List.of("--proto", "=http,https", "--proto-redir", "=http,https", "--max-redirs", "0", "--globoff"),
                LOOPBACK_HTTP.curlOptions());
    }

    private static void refused(TransferUrlGuard guard, String url, String why) {
        String problem = guard.problem(URI.create(url), "upload");
        assertNotNull(problem, url + " passed");
        assertTrue(problem.contains(why), url + ": " + problem);
        assertTrue(problem.startsWith("the relay's upload URL"), problem);
    }
}
