package dev.exemux.bridge;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.bridge.Outcomes.closedPort;
import static dev.exemux.bridge.Outcomes.failure;
import static dev.exemux.bridge.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.AuthenticationException;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorForbiddenException;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.UnknownExecutorException;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pool through a real bridge gateway ({@link TestGateway}) in front of two real exec-servers, an
 * old and a new release: one upgrade per exe_id however many callers race, many ids at once, dead ids
 * that cost the others nothing, idle eviction, resume after a gateway drop, and the gateway's refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolThroughGatewayTest {

    static final String WORKSPACE_TOKEN = "workspace-SECRET-77";
    // Generous: a loaded machine must never turn a working call into a timeout.
    static final Duration DIAL = Duration.ofSeconds(20);
    static final Duration CALL = Duration.ofSeconds(20);

    ExecServer modern;
    ExecServer old;
    TestGateway gateway;
    ExecutorPool pool;
    final List<ExecutorPool> extraPools = new ArrayList<>();

    @BeforeAll
    void startPeers() {
        modern = ExecServer.start(CodexRelease.NEW);
        old = ExecServer.start(CodexRelease.OLDEST);
        gateway = TestGateway.start(WORKSPACE_TOKEN);
    }

    @AfterAll
    void stopPeers() {
        gateway.close();
        modern.close();
        old.close();
    }

    @AfterEach
    void closePools() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        extraPools.forEach(ExecutorPool::close);
        extraPools.clear();
    }

    BridgeSettings settings(String token) {
        return BridgeSettings.of(URI.create(gateway.bridgeUrl()), token, Map.of()).withTimeouts(DIAL, CALL);
    }

    ExecutorPool pool() {
        pool = new ExecutorPool(settings(WORKSPACE_TOKEN));
        return pool;
    }

    /**
     * A young process keeps the gateway's ACKs coming with pings (AckClock), so that what the exec-server holds
     * back for them follows at once; the pings stop after the first 100 ms of a process and once it ended.
     */
    @Test
    void aYoungProcessPingsThroughTheGatewayForAtMostTwentyRounds() throws Exception {
        gateway.route("young", modern);
        Executor exe = pool().resolve("young");
        value(exe.stat("/"));
        int before = gateway.requests("young", "process/read");
        dev.exemux.executor.ProcessRunner.Result r = value(dev.exemux.executor.ProcessRunner.run(exe,
                List.of("sh", "-c", "sleep 0.4; echo done")));
        assertEquals("done\n", r.stdout());
        Thread.sleep(50); // a last tick may still be on its way
        int pings = gateway.requests("young", "process/read") - before;
        assertTrue(pings >= 1 && pings <= 20, pings + " pings for one process");
        value(dev.exemux.executor.ProcessRunner.run(exe, List.of("true")));
        Thread.sleep(200);
        int afterShort = gateway.requests("young", "process/read") - before - pings;
        assertTrue(afterShort <= 20, afterShort + " pings for a process that ended at once");
    }

    @Test
    void sixtyFourConcurrentFirstUsesOfOneExeIdShareOneUpgrade() throws Exception {
        gateway.route("shared", modern);
        ExecutorPool p = pool();
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(threads.submit(() -> {
                    go.await();
                    return value(p.resolve("shared").stat("/")).isDirectory();
                }));
            }
            go.countDown();
            for (Future<Boolean> r : results) {
                assertTrue(r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, gateway.upgrades("shared"));
        assertEquals(1, gateway.openConnections("shared"));
    }

    @Test
    void thirtyTwoExeIdsWorkInParallelOnTwoReleases() {
        List<String> ids = IntStream.range(0, 32).mapToObj(i -> String.format("par-%02d", i)).toList();
        for (int i = 0; i < ids.size(); i++) {
            gateway.route(ids.get(i), i % 2 == 0 ? modern : old);
        }
        ExecutorPool p = pool();
        List<CompletableFuture<ExecutorInfo>> infos = ids.stream().map(id -> p.resolve(id).describe()).toList();
        List<Recorder> echoes = new ArrayList<>();
        for (String id : ids) {
            Recorder r = new Recorder();
            value(p.resolve(id).start(new ProcessSpec(List.of("sh", "-c", "echo " + id), "/", Map.of(), false, false), r));
            echoes.add(r);
        }
        for (int i = 0; i < ids.size(); i++) {
            ExecutorInfo info = value(infos.get(i));
            assertEquals(ids.get(i), info.exeId());
            if (i % 2 == 0) {
                assertEquals(CodexRelease.NEW, info.release());
            }
            ProcessExit exit = value(echoes.get(i).exit);
            assertEquals(0, exit.exitCode(), String.valueOf(exit.failure()));
            assertEquals(ids.get(i) + "\n", echoes.get(i).out());
            assertEquals(1, gateway.upgrades(ids.get(i)), ids.get(i));
        }
        // Every id is its own exec-server session, even where several share one exec-server.
        assertEquals(32, infos.stream().map(f -> value(f).sessionId()).distinct().count());
        assertEquals(32, p.list().stream().filter(s -> s.state() == ExecutorStatus.State.CONNECTED).count());
    }

    @Test
    void deadExeIdsDoNotHoldUpCallsToTheOthers() throws Exception {
        int port = closedPort();
        gateway.route("healthy", modern);
        gateway.route("hangs-at-dial", modern).blackhole("hangs-at-dial", true);
        gateway.route("hangs-in-call", modern);
        gateway.route("nobody-home", "ws://127.0.0.1:" + port, null);
        gateway.route("switched-off", modern).setOffline("switched-off", true);
        // Deadlines far beyond the healthy calls' run time: the dead calls are still hanging when those end,
        // however loaded the machine, so no latency figure has to be compared.
        ExecutorPool p = new ExecutorPool(settings(WORKSPACE_TOKEN).withTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5)));
        extraPools.add(p);
        Executor healthy = p.resolve("healthy");
        Executor stuck = p.resolve("hangs-in-call");
        value(stuck.stat("/"));

        gateway.blackhole("hangs-in-call", true);
        List<CompletableFuture<?>> dialHangs = new ArrayList<>();
        List<CompletableFuture<?>> callHangs = new ArrayList<>();
        List<CompletableFuture<?>> refused = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            dialHangs.add(p.resolve("hangs-at-dial").stat("/"));
            callHangs.add(stuck.stat("/"));
            refused.add(p.resolve("nobody-home").stat("/"));
            refused.add(p.resolve("switched-off").stat("/"));
        }
        long[] during = latencies(healthy, 60);
        System.err.println("[dead-ids] healthy median " + median(during) / 1000 + " us, p99 " + p99(during) / 1000
                + " us while the dead ids hang");
        assertTrue(dialHangs.stream().noneMatch(CompletableFuture::isDone) && callHangs.stream().noneMatch(CompletableFuture::isDone),
                "the healthy calls all ended while the dead ids were still hanging");
        for (CompletableFuture<?> f : refused) {
            Throwable e = failure(f, DIAL.plusSeconds(10));
            assertInstanceOf(ExecutorOfflineException.class, e);
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        }
        gateway.blackhole("hangs-in-call", false);
        gateway.blackhole("hangs-at-dial", false);
        // Their own deadlines are FaultTest's subject; here closing the pool ends them cleanly.
        p.close();
        for (CompletableFuture<?> f : dialHangs) {
            assertInstanceOf(ExecutorException.class, failure(f, Duration.ofSeconds(30)));
        }
        for (CompletableFuture<?> f : callHangs) {
            assertInstanceOf(dev.exemux.executor.ConnectionLostException.class, failure(f, Duration.ofSeconds(30)));
        }
    }

    /** Round-trip times of {@code n} sequential stat calls, in nanoseconds. */
    static long[] latencies(Executor exe, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            value(exe.stat("/"));
            out[i] = System.nanoTime() - t;
        }
        return out;
    }

    static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static long p99(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[(int) Math.ceil(s.length * 0.99) - 1];
    }

    @Test
    void idleSessionsAreClosedAndTransparentlyRedialed() throws Exception {
        gateway.route("idler", modern);
        ExecutorPool p = new ExecutorPool(settings(WORKSPACE_TOKEN).withIdleTimeout(Duration.ofMillis(300)));
        extraPools.add(p);
        Executor exe = p.resolve("idler");
        String firstSession = value(exe.describe()).sessionId();
        assertEquals(1, gateway.openConnections("idler"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gateway.openConnections("idler") > 0 && System.nanoTime() < until) {
            Thread.sleep(25);
        }
        assertEquals(0, gateway.openConnections("idler"), "the idle session was closed");
        assertEquals(ExecutorStatus.State.IDLE, exe.status().state());
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(2, gateway.upgrades("idler"));
        assertNotEquals(firstSession, value(exe.describe()).sessionId());
    }

    @Test
    void aCallInFlightKeepsItsSessionFromBeingEvictedAsIdle() {
        gateway.route("slow-idler", modern);
        ExecutorPool p = new ExecutorPool(settings(WORKSPACE_TOKEN).withIdleTimeout(Duration.ofMillis(200)));
        extraPools.add(p);
        Executor exe = p.resolve("slow-idler");
        // Every reply takes 1.2 s, six idle timeouts: the dial's and then the call's. One call only, so no
        // idle gap between two calls can close the session legitimately. (CALL is far above the delays:
        // only eviction, never the call's deadline, could fail the call.)
        gateway.delay("slow-idler", Duration.ofMillis(1200));
        try {
            assertTrue(value(exe.stat("/")).isDirectory());
            assertEquals(1, gateway.upgrades("slow-idler"), "the session was closed under the call and dialed again");
        } finally {
            gateway.delay("slow-idler", Duration.ZERO);
        }
    }

    @Test
    void pingsNoticeAPeerThatWentSilentBeforeTheCallDeadline() {
        gateway.route("silent", modern);
        ExecutorPool p = new ExecutorPool(settings(WORKSPACE_TOKEN).withTimeouts(DIAL, Duration.ofSeconds(20))
                .withPingInterval(Duration.ofMillis(200)));
        extraPools.add(p);
        Executor exe = p.resolve("silent");
        value(exe.stat("/"));
        gateway.blackhole("silent", true);
        try {
            // The message proves the pings ended it, not the call's 20 s deadline.
            Throwable e = failure(exe.stat("/"), Duration.ofSeconds(60));
            assertInstanceOf(dev.exemux.executor.ConnectionLostException.class, e, String.valueOf(e));
            assertTrue(e.getMessage().contains("stopped answering pings"), e.getMessage());
        } finally {
            gateway.blackhole("silent", false);
        }
        assertTrue(value(exe.stat("/")).isDirectory(), "the next call dials afresh");
    }

    @Test
    void aRunningProcessSurvivesAGatewayDropWithCompleteOutput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        gateway.route("flaky", modern);
        Executor exe = pool().resolve("flaky");
        Recorder r = new Recorder();
        // Half the lines, then it waits for the test's go, so the drop always hits a running process.
        java.nio.file.Path go = dir.resolve("go");
        value(exe.start(new ProcessSpec(List.of("sh", "-c", "for i in $(seq 1 15); do echo line $i; done;"
                + " while [ ! -e '" + go + "' ]; do sleep 0.05; done; for i in $(seq 16 30); do echo line $i; sleep 0.01; done"),
                "/", Map.of(), false, false), r));
        OutageTest.waitFor(() -> r.out().endsWith("line 15\n"), "the first half of the output");
        assertEquals(1, gateway.drop("flaky"));
        java.nio.file.Files.writeString(go, "go");
        ProcessExit exit = value(r.exit);
        assertEquals(0, exit.exitCode(), String.valueOf(exit.failure()));
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertEquals(expected.toString(), r.out());
        assertEquals(0, r.lost);
        assertEquals(2, gateway.upgrades("flaky"), "redialed once, resuming the session");
    }

    @Test
    void gatewayRefusalsSurfaceAsDistinctErrors() {
        gateway.route("forbidden-box", modern).forbid("forbidden-box");
        gateway.route("off-box", modern).setOffline("off-box", true);
        gateway.route("ok-box", modern);
        ExecutorPool p = pool();
        ExecutorPool wrongToken = new ExecutorPool(settings("not-the-" + WORKSPACE_TOKEN));
        extraPools.add(wrongToken);

        assertRefused(AuthenticationException.class, 401, wrongToken.resolve("ok-box"));
        assertRefused(ExecutorForbiddenException.class, 403, p.resolve("forbidden-box"));
        assertRefused(UnknownExecutorException.class, 404, p.resolve("never-routed"));
        assertRefused(ExecutorOfflineException.class, 503, p.resolve("off-box"));
        assertEquals(0, gateway.upgrades("ok-box") + gateway.upgrades("forbidden-box") + gateway.upgrades("off-box"));
        assertEquals(List.of("forbidden-box", "off-box"), p.list().stream().map(ExecutorStatus::exeId).toList(),
                "an id the gateway does not know is not listed as seen");
        // The same ids work once the gateway lets them through.
        gateway.setOffline("off-box", false);
        assertTrue(value(p.resolve("ok-box").stat("/")).isDirectory());
    }

    private static void assertRefused(Class<? extends ExecutorException> type, int status, Executor exe) {
        Throwable e = failure(exe.stat("/"), DIAL.plusSeconds(5));
        assertInstanceOf(type, e, String.valueOf(e));
        assertTrue(e.getMessage().contains("HTTP " + status) && e.getMessage().contains("'" + exe.id() + "'"), e.getMessage());
        assertFalse(e.getMessage().contains(WORKSPACE_TOKEN), "no token in: " + e.getMessage());
        assertEquals(ExecutorStatus.State.FAILING, exe.status().state());
        assertEquals(e.getMessage(), exe.status().lastError());
    }

    @Test
    void concurrentLargeWritesOnOneExeIdAllLandIntact(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        gateway.route("writer", modern);
        ExecutorPool p = new ExecutorPool(settings(WORKSPACE_TOKEN).withTimeouts(DIAL, Duration.ofSeconds(30)));
        extraPools.add(p);
        Executor exe = p.resolve("writer");
        List<byte[]> contents = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[RemoteExecutor.MAX_PIECE];
            new java.util.Random(i).nextBytes(data);
            contents.add(data);
            writes.add(exe.writeFile(dir.resolve("f" + i).toString(), data));
        }
        for (int i = 0; i < 3; i++) {
            value(writes.get(i));
            assertTrue(Arrays.equals(contents.get(i), java.nio.file.Files.readAllBytes(dir.resolve("f" + i))), "f" + i);
        }
        assertEquals(1, gateway.upgrades("writer"), "one connection carried all three");
    }

    @Test
    void exeIdsWithEveryAllowedCharacterReachTheGatewayIntact() {
        String id = "host:8080.a_b-C9";
        gateway.route(id, old);
        Executor exe = pool().resolve(id);
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(1, gateway.upgrades(id));
    }
}
