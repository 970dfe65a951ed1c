package dev.exemux.bridge;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.bridge.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process keeps being followed through outages its exec-server survives: the executor offline for
 * 1.5 s and for 15 s, the gateway restarted, the executor silent (black-holed). Each process waits for
 * a file the test creates after the outage, so its output and exit can only arrive through a resumed
 * session, whatever the machine's speed; the outages' lengths are the faults, never synchronisation.
 * And the other way round: a process whose start the silence swallowed is not followed for ever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageTest {

    static final String TOKEN = "workspace-outage";
    /** Far beyond any wait a correct exemux needs here: only a hang reaches it. */
    static final Duration GENEROUS = Duration.ofSeconds(120);

    ExecServer modern;
    ExecServer old;
    TestGateway gateway;
    ExecutorPool pool;
    @TempDir
    Path dir;

    @BeforeAll
    void startPeers() {
        modern = ExecServer.start(CodexRelease.NEW);
        old = ExecServer.start(CodexRelease.OLD);
        gateway = TestGateway.start(TOKEN);
        gateway.route("new", modern).route("old", old);
    }

    @AfterAll
    void stopPeers() {
        gateway.close();
        modern.close();
        old.close();
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
        gateway.setOffline("new", false).setOffline("old", false).blackhole("new", false).blackhole("old", false);
    }

    Executor executor(String exeId) {
        pool = new ExecutorPool(BridgeSettings.of(URI.create(gateway.bridgeUrl()), TOKEN, Map.of()));
        return pool.resolve(exeId);
    }

    /** Starts {@code echo start; <wait for the go file>; echo END; exit 7} and waits for "start". */
    Recorder startWaiting(Executor exe, Path go) {
        Recorder r = new Recorder();
        value(exe.start(new ProcessSpec(List.of("sh", "-c", "echo start; while [ ! -e '" + go + "' ]; do sleep 0.05; done;"
                + " echo END; exit 7"), "/", Map.of(), false, false), r));
        waitFor(() -> r.out().equals("start\n"), "the process printed start");
        return r;
    }

    void assertFinishedWithAllOutput(Recorder r, Path go) throws Exception {
        Files.writeString(go, "go");
        ProcessExit exit = r.exit.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertFalse(exit.isLost(), "the process was given up: " + exit.failure());
        assertEquals(7, exit.exitCode());
        assertEquals("start\nEND\n", r.out());
        assertEquals(0, r.lost);
        assertFalse(r.outputAfterExit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"old", "new"})
    void theExecutorOfflineForOneAndAHalfSeconds(String exeId) throws Exception {
        Executor exe = executor(exeId);
        Path go = dir.resolve("go");
        Recorder r = startWaiting(exe, go);
        int upgradesBefore = gateway.upgrades(exeId);
        gateway.setOffline(exeId, true);
        gateway.drop(exeId);
        Thread.sleep(1500); // the outage itself
        gateway.setOffline(exeId, false);
        waitFor(() -> gateway.upgrades(exeId) > upgradesBefore, "exemux reconnected by itself");
        assertFinishedWithAllOutput(r, go);
    }

    @Test
    void theExecutorOfflineForFifteenSecondsOnAReleaseThatKeepsTheSessionLonger() throws Exception {
        Executor exe = executor("new");
        Path go = dir.resolve("go");
        Recorder r = startWaiting(exe, go);
        gateway.setOffline("new", true);
        gateway.drop("new");
        Thread.sleep(15_000); // the outage itself: longer than the breaker's pause, shorter than 0.169's grace (80 s)
        assertFalse(r.exit.isDone(), "given up during the outage: " + (r.exit.isDone() ? r.exit.join().failure() : ""));
        gateway.setOffline("new", false);
        assertFinishedWithAllOutput(r, go);
    }

    @ParameterizedTest
    @ValueSource(strings = {"old", "new"})
    void theGatewayRestarted(String exeId) throws Exception {
        Executor exe = executor(exeId);
        Path go = dir.resolve("go");
        Recorder r = startWaiting(exe, go);
        gateway.stop();
        Thread.sleep(2000); // the gateway is down: connections are refused
        gateway.restart();
        assertFinishedWithAllOutput(r, go);
        assertTrue(value(exe.stat("/")).isDirectory(), "later calls use the resumed session");
    }

    @ParameterizedTest
    @ValueSource(strings = {"old", "new"})
    void aSilentExecutorIsReportedAndFollowedAgainOnceItAnswers(String exeId) throws Exception {
        Executor exe = executor(exeId);
        Path go = dir.resolve("go");
        List<Duration> silences = new CopyOnWriteArrayList<>();
        Recorder r = new Recorder() {
            @Override
            public void onExecutorSilence(Duration silentFor) {
                silences.add(silentFor);
            }
        };
        value(exe.start(new ProcessSpec(List.of("sh", "-c", "echo start; while [ ! -e '" + go + "' ]; do sleep 0.05; done;"
                + " echo END; exit 7"), "/", Map.of(), false, false), r));
        waitFor(() -> r.out().equals("start\n"), "the process printed start");
        gateway.blackhole(exeId, true);
        waitFor(() -> !silences.isEmpty(), "exemux noticed the silence");
        assertTrue(silences.get(0).compareTo(Liveness.SILENT_AFTER) >= 0, "silent for " + silences.get(0));
        assertFalse(r.exit.isDone(), "silence is not an end: " + (r.exit.isDone() ? r.exit.join() : ""));
        gateway.blackhole(exeId, false);
        waitFor(() -> silences.size() >= 2, "exemux noticed the executor answers again");
        assertEquals(Duration.ZERO, silences.get(silences.size() - 1));
        assertFinishedWithAllOutput(r, go);
    }

    @ParameterizedTest
    @ValueSource(strings = {"old", "new"})
    void aProcessWhoseStartTheSilenceSwallowedEndsAsLostOnceTheExecutorAnswers(String exeId) throws Exception {
        Executor exe = executor(exeId);
        assertTrue(value(exe.stat("/")).isDirectory(), "connected before the silence");
        Path ran = dir.resolve("ran");
        gateway.blackhole(exeId, true);
        // Sent before exemux can know the executor went silent: the request is swallowed, so the caller gets
        // the process once the silence is noticed, its state unknown.
        Recorder r = new Recorder();
        value(exe.start(new ProcessSpec(List.of("sh", "-c", "touch '" + ran + "'; sleep 300"), "/", Map.of(), false, false), r));
        assertFalse(r.exit.isDone(), "silence is not an end: " + (r.exit.isDone() ? r.exit.join() : ""));
        gateway.blackhole(exeId, false);
        // Once it answers, the executor says it has no such process: that ends it, rather than leave it
        // followed (and reported running) for ever.
        ProcessExit exit = r.exit.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertTrue(exit.isLost(), "ended as " + exit);
        assertTrue(exit.failure().contains("no process by this id") && exit.failure().contains("start it again"), exit.failure());
        assertFalse(Files.exists(ran), "the process did run: its end was wrongly reported lost");
    }

    static void waitFor(BooleanSupplier condition, String what) {
        long until = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + GENEROUS.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
