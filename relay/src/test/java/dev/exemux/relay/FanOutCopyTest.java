package dev.exemux.relay;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestRelay;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One file to many executors at once ({@link CopyService#copyToMany}) between real codex exec-servers of an
 * old and a new release: each destination verified and with its own ticket, an unreachable destination
 * failing alone. Several exe_ids share an exec-server (and so the file system), so each destination
 * path differs by exe_id only through the copies' own temporaries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanOutCopyTest {

    private static final String SECRET = "fan-out-secret-77aa";

    private ExecServer oldRelease;
    private ExecServer newRelease;
    private ExecutorPool pool;
    private TestRelay relay;
    private RelayClient relayClient;
    private Path dir;

    @BeforeAll
    void startPeers() throws IOException {
        oldRelease = ExecServer.start(CodexRelease.OLD);
        newRelease = ExecServer.start(CodexRelease.NEW);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of(
                "old", URI.create(oldRelease.url()), "old-b", URI.create(oldRelease.url()),
                "new", URI.create(newRelease.url()), "new-b", URI.create(newRelease.url()),
                "gone", URI.create("ws://127.0.0.1:" + closedPort))).withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(30)));
    }

    @AfterAll
    void stopPeers() {
        pool.close();
        oldRelease.close();
        newRelease.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        relay = new TestRelay(SECRET, "ws", null);
        relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws"));
        dir = Files.createTempDirectory("exemux-fanout-");
    }

    @AfterEach
    void tearDown() throws IOException {
        relayClient.close();
        relay.close();
        CopyContract.deleteTree(dir);
    }

    @Test
    void everyReachableDestinationGetsAVerifiedCopyOverItsOwnTicket() throws Exception {
        byte[] data = CopyContract.random(3_000_000, 31);
        Path src = Files.write(dir.resolve("in.bin"), data);
        Map<String, Long> lastProgress = new ConcurrentHashMap<>();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        List<DestinationResult> results = new CopyService(relayClient).copyToMany(pool.resolve("old"), src.toString(),
                List.of(pool.resolve("new"), pool.resolve("gone"), pool.resolve("new-b"), pool.resolve("old-b")),
                dir.resolve("out.bin").toString(), false, Transport.AUTO, new FanOutListener() {
                    @Override
                    public void progress(String exeId, long done, long total) {
                        lastProgress.put(exeId, done);
                    }

                    @Override
                    public void ended(DestinationResult r) {
                        ended.add(r.exeId());
                    }
                }, Duration.ofSeconds(60), 8);
        assertEquals(List.of("new", "gone", "new-b", "old-b"), results.stream().map(DestinationResult::exeId).toList());
        String sha = CopyContract.sha256(data);
        for (DestinationResult r : results) {
            if (r.exeId().equals("gone")) {
                assertFalse(r.succeeded());
                assertTrue(r.error().contains("'gone'"), r.error());
                continue;
            }
            assertTrue(r.succeeded(), r.exeId() + ": " + r.error());
            assertNull(r.error());
            assertEquals("relay", r.result().transport(), r.exeId());
            assertEquals(sha, r.result().sha256());
            assertEquals(data.length, r.result().bytes());
            assertEquals(data.length, lastProgress.get(r.exeId()));
        }
        assertEquals(Set.of("new", "gone", "new-b", "old-b"), ended);
        assertEquals(3, relay.ticketsMinted(), "one ticket per destination");
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out.bin")));
        CopyContract.assertOnly(dir, "in.bin", "out.bin");
    }

    @Test
    void streamingToManyWorksTooAndADamagedRelayFallsBackPerDestination() throws Exception {
        byte[] data = CopyContract.random(2_000_000, 32);
        Path src = Files.write(dir.resolve("in.bin"), data);
        relay.corruptByteAt(1000);
        List<DestinationResult> results = new CopyService(relayClient).copyToMany(pool.resolve("new"), src.toString(),
                List.of(pool.resolve("old"), pool.resolve("new-b")), dir.resolve("out.bin").toString(), false,
                Transport.AUTO, FanOutListener.NONE, Duration.ofSeconds(60), 8);
        for (DestinationResult r : results) {
            assertTrue(r.succeeded(), r.exeId() + ": " + r.error());
            assertEquals("stream", r.result().transport());
            assertTrue(r.result().fallbackReason().contains("SHA-256"), r.result().fallbackReason());
            assertEquals(CopyContract.sha256(data), r.result().sha256());
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out.bin")));
        CopyContract.assertOnly(dir, "in.bin", "out.bin");
    }

    @Test
    void streamingToManyReadsTheSourceOnceAndAFailingDestinationFailsAlone() throws Exception {
        byte[] data = CopyContract.random(5_000_000, 33);
        Path src = Files.write(dir.resolve("in.bin"), data);
        Map<String, Long> lastProgress = new ConcurrentHashMap<>();
        CountingReads counted = new CountingReads(pool.resolve("new"));
        List<DestinationResult> results = patientTee().copyToMany(counted, src.toString(),
                List.of(pool.resolve("old"), pool.resolve("gone"), pool.resolve("new-b"), pool.resolve("old-b"), counted),
                dir.resolve("out.bin").toString(), false, Transport.STREAM, new FanOutListener() {
                    @Override
                    public void progress(String exeId, long done, long total) {
                        lastProgress.put(exeId, done);
                    }

                    @Override
                    public void ended(DestinationResult r) {}
                }, Duration.ofSeconds(60), 8);
        String sha = CopyContract.sha256(data);
        for (DestinationResult r : results) {
            if (r.exeId().equals("gone")) {
                assertFalse(r.succeeded(), "an unreachable destination cannot succeed");
                continue;
            }
            assertTrue(r.succeeded(), r.exeId() + ": " + r.error());
            assertEquals(sha, r.result().sha256(), r.exeId());
            assertEquals(r.exeId().equals("new") ? "executor" : "stream", r.result().transport(), r.exeId());
        }
        assertEquals(data.length, lastProgress.get("old-b"));
        assertEquals(1, counted.opened.get(), "the source is read once for the three streamed destinations");
        assertEquals(0, relay.ticketsMinted());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out.bin")));
        CopyContract.assertOnly(dir, "in.bin", "out.bin");
    }

    @Test
    void aDirectoryIsPackedOnceForAllDestinations() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.write(tree.resolve("sub/a.bin"), CopyContract.random(1_500_000, 34));
        Files.writeString(tree.resolve("b.txt"), "hello\n");
        CountingReads counted = new CountingReads(pool.resolve("new"));
        List<DestinationResult> results = patientTee().copyToMany(counted, dir.resolve("tree").toString(),
                List.of(pool.resolve("old"), pool.resolve("new-b")), dir.resolve("copied").toString(), true,
                Transport.STREAM, FanOutListener.NONE, Duration.ofSeconds(60), 8);
        // Both exe_ids share this machine's file system, so only the first rename can take dst_path.
        assertEquals(1, results.stream().filter(DestinationResult::succeeded).count(), results.toString());
        DestinationResult second = results.stream().filter(r -> !r.succeeded()).findFirst().orElseThrow();
        assertTrue(second.error().contains("dst_path"), second.error());
        assertEquals(1, counted.opened.get(), "the archive is packed once and streamed once to both");
        assertArrayEquals(Files.readAllBytes(tree.resolve("sub/a.bin")), Files.readAllBytes(dir.resolve("copied/sub/a.bin")));
        assertEquals("hello\n", Files.readString(dir.resolve("copied/b.txt")));
        CopyContract.assertOnly(dir, "copied", "tree");
    }

    /**
     * The tee waits for every destination (up to the copy's deadline) instead of 10 s, so that the count of
     * source reads does not depend on how loaded the machine is.
     */
    private CopyService patientTee() {
        return new CopyService(relayClient, StreamCopier.DEFAULT_BLOCK, StreamCopier.DEFAULT_WINDOW, Duration.ofMinutes(5));
    }

    /** Counts how often the source is opened for reading. */
    private static final class CountingReads extends ForwardingExecutor {
        final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

        CountingReads(Executor delegate) {
            super(delegate);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.exemux.executor.ReadHandle> openRead(String p) {
            opened.incrementAndGet();
            return super.openRead(p);
        }
    }
}
