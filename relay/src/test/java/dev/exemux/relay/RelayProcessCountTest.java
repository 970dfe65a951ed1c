package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a relay copy costs each executor in processes, counted at the gateway: every process is a round trip
 * through it (about 40 ms where it delays ACKs), so a relay copy runs at most two per executor, one after the
 * other, and none per file of a directory. An old release (no sizes in its metadata) and a new one, both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayProcessCountTest {

    private static final String START = "process/start";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExecServer oldRelease;
    private ExecServer newRelease;
    private TestGateway gateway;
    private ExecutorPool pool;
    private TestRelay relay;
    private RelayClient relayClient;
    private CopyService copies;
    private Path dir;

    @BeforeAll
    void start() throws IOException {
        oldRelease = ExecServer.start(CodexRelease.OLD);
        newRelease = ExecServer.start(CodexRelease.NEW);
        gateway = TestGateway.start("token");
        gateway.route("old", oldRelease).route("new", newRelease);
        for (String fanOut : List.of("old-a", "old-b", "old-c")) {
            gateway.route(fanOut, oldRelease);
        }
        pool = new ExecutorPool(BridgeSettings.of(URI.create(gateway.bridgeUrl()), "token", Map.of()));
        relay = new TestRelay("secret", "ws", null);
        relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), "secret", "ws"));
        copies = new CopyService(relayClient);
        dir = Files.createTempDirectory("exemux-relay-processes-");
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {relayClient, relay, pool, gateway, newRelease, oldRelease}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        CopyContract.deleteTree(dir);
    }

    @Test
    void aFileCostsAtMostTwoProcessesOnEachSideEitherWay() throws Exception {
        byte[] data = CopyContract.random(3_000_000, 41);
        Path src = Files.write(dir.resolve("file.bin"), data);
        for (List<String> pair : List.of(List.of("old", "new"), List.of("new", "old"))) {
            Path dst = dir.resolve("file-" + pair.get(1) + ".bin");
            int[] before = starts(pair);
            CopyResult r = copy(pair.get(0), src, pair.get(1), dst, false);
            assertEquals("relay", r.transport());
            assertArrayEquals(data, Files.readAllBytes(dst));
            assertAtMostTwoEach(pair, before);
        }
    }

    @Test
    void aDirectoryOfManyFilesCostsNoMore() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        for (int i = 0; i < 40; i++) {
            Files.write(tree.resolve((i % 2 == 0 ? "" : "sub/") + "f" + i), CopyContract.random(1000 + i, i));
        }
        for (List<String> pair : List.of(List.of("old", "new"), List.of("new", "old"))) {
            Path dst = dir.resolve("tree-" + pair.get(1));
            int[] before = starts(pair);
            CopyResult r = copy(pair.get(0), dir.resolve("tree"), pair.get(1), dst, true);
            assertEquals("relay", r.transport());
            assertArrayEquals(Files.readAllBytes(tree.resolve("sub/f39")), Files.readAllBytes(dst.resolve("sub/f39")));
            assertAtMostTwoEach(pair, before);
        }
    }

    @Test
    void aFanOutHashesTheSourceInOneOfItsUploads() throws Exception {
        Path src = Files.write(dir.resolve("fan.bin"), CopyContract.random(2_000_000, 43));
        List<String> destinations = List.of("old-a", "old-b", "old-c");
        int before = gateway.requests("new", START);
        List<DestinationResult> results = copies.copyToMany(pool.resolve("new"), src.toString(),
                destinations.stream().map(pool::resolve).toList(), dir.resolve("fan-out.bin").toString(), false,
                Transport.RELAY, FanOutListener.NONE, TIMEOUT, 8);
        // All three share one file system here: each destination is copied and verified, and the last rename wins.
        for (DestinationResult r : results) {
            assertEquals(null, r.error(), r.exeId());
            assertEquals("relay", r.result().transport());
        }
        assertEquals(destinations.size(), gateway.requests("new", START) - before,
                "the source should run one upload per destination and no checksum process of its own");
        for (String d : destinations) {
            assertTrue(gateway.requests(d, START) <= 2, d + " started " + gateway.requests(d, START) + " processes");
        }
    }

    private CopyResult copy(String from, Path src, String to, Path dst, boolean recursive) {
        return copies.copy(pool.resolve(from), src.toString(), pool.resolve(to), dst.toString(), recursive,
                Transport.RELAY, CopyProgress.NONE, TIMEOUT);
    }

    private int[] starts(List<String> pair) {
        return new int[] {gateway.requests(pair.get(0), START), gateway.requests(pair.get(1), START)};
    }

    private void assertAtMostTwoEach(List<String> pair, int[] before) {
        int[] after = starts(pair);
        for (int side = 0; side < 2; side++) {
            int started = after[side] - before[side];
            assertTrue(started >= 1 && started <= 2, (side == 0 ? "source '" : "destination '") + pair.get(side)
                    + "' started " + started + " processes for one relay copy");
        }
    }
}
