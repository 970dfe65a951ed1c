package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.ProcessSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each side's script is given, and how its report is read, without running it (the copy tests run it). */
class TransferScriptsTest {

    private static final String TICKET = "rly_0123456789abcdef";
    private static final Ticket HTTPS_TICKET = new Ticket(TICKET, URI.create("https://relay.example.com/up/" + TICKET),
            URI.create("https://relay.example.com/down/" + TICKET), Instant.now().plusSeconds(60));

    @Test
    void theTicketAndItsUrlsAreInTheEnvironmentOnlyNeverInTheArgv() {
        TransferScripts scripts = TransferScripts.forRelay(URI.create("https://relay.example.com"));
        ProcessSpec up = scripts.upload(HTTPS_TICKET, "/data/in.bin", 30, "m1", true);
        ProcessSpec down = scripts.download(HTTPS_TICKET, "/data/.out.part", 30, "m1", null);
        for (ProcessSpec spec : List.of(up, down)) {
            assertTrue(spec.argv().stream().noneMatch(a -> a.contains(TICKET)), spec.argv().toString());
            assertEquals(TICKET, spec.env().get(TransferScripts.TICKET_VAR));
        }
        assertEquals(HTTPS_TICKET.uploadUrl().toString(), up.env().get(TransferScripts.URL_VAR));
        assertEquals(HTTPS_TICKET.downloadUrl().toString(), down.env().get(TransferScripts.URL_VAR));
        // sh -c <script> sh <file> <max seconds> <mark> <argument> <curl options...>
        assertEquals(List.of("/data/in.bin", "30", "m1", "1"), up.argv().subList(4, 8));
        assertEquals(List.of("/data/.out.part", "30", "m1", ""), down.argv().subList(4, 8));
    }

    @Test
    void curlSpeaksOnlyTheRelaysProtocolsAndFollowsNoRedirect() {
        List<String> https = TransferScripts.forRelay(URI.create("https://relay.example.com"))
                .upload(HTTPS_TICKET, "/f", 30, "m", false).argv();
        List<String> http = TransferScripts.forRelay(URI.create("http://127.0.0.1:4100"))
                .download(HTTPS_TICKET, "/f", 30, "m", "/d").argv();
        assertEquals(List.of("--proto", "=https", "--proto-redir", "=https", "--max-redirs", "0", "--globoff"),
                https.subList(8, https.size()));
        assertEquals(List.of("--proto", "=http,https", "--proto-redir", "=http,https", "--max-redirs", "0", "--globoff"),
                http.subList(8, http.size()));
        assertEquals("/d", http.get(7));
    }

    @Test
    void aTicketThatCouldEscapeCurlsConfigDoesNotFit() {
        assertTrue(TransferScripts.fitsConfig(HTTPS_TICKET));
        for (String bad : List.of("rly_\"x", "rly_$(id)", "rly_`id`", "rly_\\x", "rly_\nurl = http://elsewhere")) {
            assertFalse(TransferScripts.fitsConfig(new Ticket(bad, HTTPS_TICKET.uploadUrl(), HTTPS_TICKET.downloadUrl(),
                    HTTPS_TICKET.expiresAt())), bad);
        }
    }

    @Test
    void theReportIsReadAfterThisTransfersMarkOnly() {
        String sha = "a".repeat(64);
        // The relay's answer body comes first and imitates a report under another mark: it must not count.
        String out = "{\"status\":\"ok\"}\nforged sha256 " + "b".repeat(64) + "\n"
                + "m1 http 200 1048576\nm1 sha256 " + sha + "\nm1 done\n";
        TransferScripts.Report r = TransferScripts.Report.of(result(0, out), "m1");
        assertEquals("200", r.status);
        assertEquals(1048576, r.bytes);
        assertEquals(sha, r.sha256);
        assertFalse(r.unpackFailed);
        assertTrue(r.body.startsWith("{\"status\":\"ok\"}"));

        TransferScripts.Report noMark = TransferScripts.Report.of(result(7, "curl: (7) Failed to connect"), "m1");
        assertEquals("", noMark.status);
        assertNull(noMark.sha256);
        assertEquals("curl: (7) Failed to connect", noMark.body);

        TransferScripts.Report notAChecksum = TransferScripts.Report.of(result(0, "m1 http 200 3\nm1 sha256 xyz\n"), "m1");
        assertNull(notAChecksum.sha256);
        assertTrue(TransferScripts.Report.of(result(1, "m1 http 200 3\nm1 unpack failed\n"), "m1").unpackFailed);
    }

    private static ProcessRunner.Result result(int exit, String stdout) {
        return new ProcessRunner.Result(exit, stdout.getBytes(StandardCharsets.UTF_8), "", null);
    }
}
