package dev.exemux.relay;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestRelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A relay answering forged ticket URLs cannot turn the executors against the network: the ticket never
 * reaches an executor (auto streams, relay fails, both saying why), and a redirect is not followed by the
 * executor's real curl. Two exe_ids on one real codex 0.169.0 exec-server; an "elsewhere" HTTP server
 * counts every request that would have escaped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedTicketUrlsTest {

    private static final String SECRET = "forged-urls-secret-5c1d";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExecServer peer;
    private ExecutorPool pool;
    private HttpServer elsewhere;
    private final AtomicInteger escaped = new AtomicInteger();
    private TestRelay relay;
    private Path dir;

    @BeforeAll
    void start() throws IOException {
        peer = ExecServer.start(CodexRelease.NEW);
        pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("a", URI.create(peer.url()), "b", URI.create(peer.url()))));
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        elsewhere.createContext("/", ex -> {
            escaped.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        elsewhere.start();
    }

    @AfterAll
    void stop() {
        elsewhere.stop(0);
        pool.close();
        peer.close();
    }

    @BeforeEach
    void fresh() throws IOException {
        relay = new TestRelay(SECRET, "ws", null);
        dir = Files.createTempDirectory("exemux-forged-");
        escaped.set(0);
    }

    @AfterEach
    void cleanUp() throws IOException {
        relay.close();
        CopyContract.deleteTree(dir);
    }

    private String elsewhereUrl() {
        return "http://127.0.0.1:" + elsewhere.getAddress().getPort();
    }

    private static UnaryOperator<String> replacingBase(String relayBase, String forgedBase) {
        return real -> forgedBase + real.substring(relayBase.length());
    }

    @Test
    void anotherHost() throws Exception {
        relay.forgeTransferUrls(replacingBase(relay.url(), elsewhereUrl()));
        refusedBeforeAnyExecutor("neither the relay's own 127.0.0.1:" + URI.create(relay.url()).getPort());
    }

    @Test
    void aFileUrl() throws Exception {
        relay.forgeTransferUrls(real -> "file://" + dir.resolve("stolen"));
        refusedBeforeAnyExecutor("scheme 'file'");
        assertFalse(Files.exists(dir.resolve("stolen")));
    }

    @Test
    void aMetadataAddress() throws Exception {
        relay.forgeTransferUrls(real -> "http://169.254.169.254/latest/meta-data/iam/" + real.substring(real.lastIndexOf('/') + 1));
        refusedBeforeAnyExecutor("169.254.169.254:80, which is neither the relay's own");
        // Listed by the operator it is still no place to send a ticket.
        try (RelayClient listing = client(List.of("169.254.169.254:80"))) {
            CopyResult r = copy(new CopyService(listing), Transport.AUTO);
            assertTrue(r.fallbackReason().contains("a cloud metadata address"), r.fallbackReason());
        }
    }

    @Test
    void userinfo() throws Exception {
        String base = relay.url();
        relay.forgeTransferUrls(real -> real.replace("http://", "http://exemux:" + "pw@"));
        refusedBeforeAnyExecutor("user information");
        assertTrue(base.startsWith("http://127.0.0.1:"));
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedByTheExecutorsCurl() throws Exception {
        relay.redirectTransfersTo(elsewhereUrl());
        try (RelayClient client = client(List.of())) {
            CopyService service = new CopyService(client);
            CopyResult r = copy(service, Transport.AUTO);
            assertEquals("stream", r.transport());
            assertTrue(r.fallbackReason().contains("HTTP 307") && r.fallbackReason().contains("redirects are not followed"),
                    r.fallbackReason());
            assertNoTicketIn(r.fallbackReason());
            CopyException e = assertThrows(CopyException.class, () -> copy(service, Transport.RELAY));
            assertTrue(e.getMessage().contains("redirects are not followed"), e.getMessage());
            assertNoTicketIn(e.getMessage());
        }
        assertEquals(0, escaped.get(), "the executor's curl followed the redirect");
        assertEquals(2, relay.ticketsMinted());
    }

    @Test
    void aListedHostIsUsed() throws Exception {
        int port = URI.create(relay.url()).getPort();
        relay.forgeTransferUrls(replacingBase(relay.url(), "http://localhost:" + port));
        try (RelayClient client = client(List.of("localhost:" + port))) {
            CopyResult r = copy(new CopyService(client), Transport.AUTO);
            assertEquals("relay", r.transport());
        }
    }

    /** auto streams and relay fails, both naming {@code why}; no request leaves, no ticket in any message. */
    private void refusedBeforeAnyExecutor(String why) throws Exception {
        try (RelayClient client = client(List.of())) {
            CopyService service = new CopyService(client);
            CopyResult r = copy(service, Transport.AUTO);
            assertEquals("stream", r.transport());
            assertTrue(r.fallbackReason().contains(why) && r.fallbackReason().contains("the ticket was not used"),
                    r.fallbackReason());
            assertNoTicketIn(r.fallbackReason());
            CopyException e = assertThrows(CopyException.class, () -> copy(service, Transport.RELAY));
            assertTrue(e.getMessage().contains(why) && e.getMessage().startsWith("relay copy failed"), e.getMessage());
            assertNoTicketIn(e.getMessage());
        }
        assertEquals(0, escaped.get(), "a request went elsewhere");
        assertEquals(2, relay.ticketsMinted());
    }

    private RelayClient client(List<String> hosts) {
        return new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws", hosts));
    }

    private CopyResult copy(CopyService service, Transport transport) throws IOException {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        Path src = Files.write(dir.resolve("src.bin"), data);
        Path dst = dir.resolve("dst-" + transport.wireName() + ".bin");
        Files.deleteIfExists(dst);
        CopyResult r = service.copy(pool.resolve("a"), src.toString(), pool.resolve("b"), dst.toString(), false,
                transport, CopyProgress.NONE, TIMEOUT);
        assertArrayEquals(data, Files.readAllBytes(dst));
        return r;
    }

    private static void assertNoTicketIn(String message) {
        assertFalse(message.contains("rly_"), "a ticket in: " + message);
        assertFalse(message.contains(SECRET));
    }
}
