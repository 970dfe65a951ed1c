package dev.exemux.local;

import static dev.exemux.local.Futures.await;
import static dev.exemux.local.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.RemoteCallException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessesTest {

    private static final LocalExecutor local = new LocalExecutor();

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        local.shutdown();
    }

    private static ProcessSpec sh(String script) {
        return new ProcessSpec(List.of("sh", "-c", script), null, null, false, false);
    }

    private static Recorder run(ProcessSpec spec) {
        Recorder recorder = new Recorder();
        ProcessHandle handle = await(local.start(spec, recorder));
        ProcessExit exit = await(handle.exit());
        assertEquals(exit, await(recorder.exit));
        return recorder;
    }

    @Test
    void stdoutStderrAndExitCodeAreReportedSeparately() {
        Recorder r = run(sh("echo out; echo err >&2; exit 3"));
        assertEquals("out\n", r.text(OutputKind.STDOUT));
        assertEquals("err\n", r.text(OutputKind.STDERR));
        assertEquals(ProcessExit.exited(3), r.exit.join());
    }

    @Test
    void everyChunkOfBothStreamsArrivesBeforeTheExit() {
        // The remote peer can report exited before the last output; here onExit must come strictly last.
        for (int i = 0; i < 25; i++) {
            Recorder r = run(sh("printf a; printf b >&2; printf c"));
            assertEquals("ac", r.text(OutputKind.STDOUT));
            assertEquals("b", r.text(OutputKind.STDERR));
            assertEquals("exit:0", r.events.get(r.events.size() - 1));
            assertEquals(1, r.exitCalls);
            assertFalse(r.overlapped || r.outputAfterExit);
        }
    }

    @Test
    void bigOutputOnBothStreamsComesInBoundedChunksWithoutOverlappingCallbacks() {
        Recorder r = run(sh("head -c 3000000 /dev/zero & head -c 2000000 /dev/zero >&2; wait"));
        assertEquals(3_000_000, r.bytes(OutputKind.STDOUT).length);
        assertEquals(2_000_000, r.bytes(OutputKind.STDERR).length);
        assertTrue(r.largestChunk <= 64 * 1024, "largest chunk " + r.largestChunk);
        assertFalse(r.overlapped, "callbacks for one process overlapped");
        assertFalse(r.outputAfterExit);
    }

    @Test
    void stdinIsEchoedByCatAndTerminateEndsItWith137() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle cat = await(local.start(new ProcessSpec(List.of("cat"), null, null, false, true), r));
        await(cat.write("hello\n".getBytes(StandardCharsets.UTF_8)));
        await(cat.write("wörld\n".getBytes(StandardCharsets.UTF_8)));
        r.awaitText(OutputKind.STDOUT, "hello\nwörld\n");
        assertFalse(cat.exit().isDone(), "cat keeps running while stdin is open");

        await(cat.terminate());
        assertEquals(ProcessExit.exited(137), await(cat.exit()));
        await(cat.terminate()); // harmless once ended
        await(cat.write("late\n".getBytes(StandardCharsets.UTF_8))); // completes quietly, as on the peer
    }

    @Test
    void withoutPipeStdinACommandReadingStdinGetsEndOfFile() {
        Recorder r = run(new ProcessSpec(List.of("sh", "-c", "cat; echo done"), null, null, false, false));
        assertEquals("done\n", r.text(OutputKind.STDOUT));
        assertEquals(ProcessExit.exited(0), r.exit.join());
    }

    @Test
    void writeWithoutPipeStdinFailsClearly() {
        Recorder r = new Recorder();
        ProcessHandle p = await(local.start(sh("sleep 5"), r));
        try {
            String message = failure(p.write(new byte[] {'x'}), Reason.OTHER).getMessage();
            assertTrue(message.contains("stdin of process " + p.id() + " is closed"), message);
        } finally {
            await(p.terminate());
            await(p.exit());
        }
    }

    @Test
    void interruptRunsTheShellsIntTrap() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle p = await(local.start(sh("trap 'exit 7' INT; echo $$; sleep 30"), r));
        r.awaitText(OutputKind.STDOUT, "\n");
        long shellPid = Long.parseLong(r.text(OutputKind.STDOUT).trim());
        awaitSleepingChild(shellPid); // the shell waits in sleep, its trap installed

        long started = System.nanoTime();
        await(p.interrupt());
        assertEquals(ProcessExit.exited(7), await(p.exit()));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10, "the sleep was interrupted too");
    }

    @Test
    void terminateKillsTheWholeTree() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle p = await(local.start(sh("sleep 300 & echo $!; wait"), r));
        r.awaitText(OutputKind.STDOUT, "\n");
        long sleepPid = Long.parseLong(r.text(OutputKind.STDOUT).trim());

        await(p.terminate());

        assertEquals(ProcessExit.exited(137), await(p.exit()));
        Optional<java.lang.ProcessHandle> sleep = java.lang.ProcessHandle.of(sleepPid);
        if (sleep.isPresent()) {
            await(sleep.get().onExit()); // bounded by Futures.WAIT
        }
    }

    @Test
    void terminateAlsoKillsChildrenWhoseParentAlreadyDied() throws Exception {
        // The inner shell exits at once, so its sleep is re-parented away from our process tree.
        Recorder r = new Recorder();
        ProcessHandle p = await(local.start(sh("sh -c 'sleep 300 > /dev/null 2>&1 & echo $!'; sleep 300"), r));
        r.awaitText(OutputKind.STDOUT, "\n");
        long orphanPid = Long.parseLong(r.text(OutputKind.STDOUT).trim());
        java.lang.ProcessHandle orphan = java.lang.ProcessHandle.of(orphanPid).orElseThrow();

        await(p.terminate());

        assertEquals(ProcessExit.exited(137), await(p.exit()));
        await(orphan.onExit());
    }

    @Test
    void exitIsReportedEvenWhenABackgroundChildKeepsTheOutputOpen() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle p = await(local.start(sh("sleep 20 & echo $!"), r));
        long started = System.nanoTime();
        assertEquals(ProcessExit.exited(0), await(p.exit()));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds < 10, "exit took " + seconds + " s");
        java.lang.ProcessHandle.of(Long.parseLong(r.text(OutputKind.STDOUT).trim()))
                .ifPresent(java.lang.ProcessHandle::destroyForcibly);
    }

    @Test
    void environmentIsInheritedWithOverridesAndCwdDefaultsToTheJvms() {
        Recorder r = run(new ProcessSpec(List.of("sh", "-c", "echo \"$EXEMUX_TEST_VAR|$HOME|$(pwd)\""), null,
                Map.of("EXEMUX_TEST_VAR", "a b ü"), false, false));
        assertEquals("a b ü|" + System.getenv("HOME") + "|" + System.getProperty("user.dir") + "\n",
                r.text(OutputKind.STDOUT));

        Recorder inDir = run(new ProcessSpec(List.of("pwd"), dir.toString(), null, false, false));
        assertEquals(dir.toString() + "\n", inDir.text(OutputKind.STDOUT));
    }

    @Test
    void startFailuresAreClear() {
        String message = failure(local.start(new ProcessSpec(List.of("no-such-program-xyz"), null, null, false, false),
                new Recorder()), Reason.NOT_FOUND).getMessage();
        assertEquals("Cannot start 'no-such-program-xyz' in '" + System.getProperty("user.dir")
                + "': No such file or directory (no such program on the PATH).", message);
        failure(local.start(new ProcessSpec(List.of("no-such-program-xyz"), null, null, true, false), new Recorder()),
                Reason.NOT_FOUND);
        String noDir = failure(local.start(new ProcessSpec(List.of("true"), dir.resolve("missing").toString(), null, false, false),
                new Recorder()), Reason.NOT_FOUND).getMessage();
        assertTrue(noDir.contains("'true' in '" + dir.resolve("missing") + "'") && noDir.contains("working directory"), noDir);
        failure(local.start(new ProcessSpec(List.of("true"), "relative", null, false, false), new Recorder()),
                Reason.INVALID_ARGUMENT);
    }

    @Test
    void ttyMergesOutputIntoOnePtyStreamAndKeepsTheExitCode() {
        Recorder r = run(new ProcessSpec(List.of("sh", "-c", "tty; echo $TERM; echo out; echo 'it'\\''s' >&2; exit 5"), null,
                null, true, false));
        String pty = r.text(OutputKind.PTY);
        assertTrue(pty.startsWith("/dev/pts/"), pty);
        assertTrue(pty.contains("\r\nxterm-256color\r\n"), "TERM as remote executors set it: " + pty);
        assertTrue(pty.contains("out\r\nit's\r\n"), pty);
        assertEquals(0, r.bytes(OutputKind.STDOUT).length + r.bytes(OutputKind.STDERR).length);
        assertEquals(ProcessExit.exited(5), r.exit.join());
    }

    @Test
    void ttyPassesArgumentsThroughUnchanged() {
        Recorder r = run(new ProcessSpec(List.of("printf", "%s|", "a b", "it's", "$HOME", "*", "", "ü\"x"), null, null,
                true, false));
        assertEquals("a b|it's|$HOME|*||ü\"x|", r.text(OutputKind.PTY));
    }

    @Test
    void ttyWithoutPipeStdinGivesEndOfFile() {
        Recorder r = run(new ProcessSpec(List.of("sh", "-c", "cat; echo done"), null, null, true, false));
        assertTrue(r.text(OutputKind.PTY).contains("done"), r.text(OutputKind.PTY));
        assertEquals(ProcessExit.exited(0), r.exit.join());
    }

    @Test
    void ttyStdinReachesTheTerminalAndCtrlDEndsCat() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle cat = await(local.start(new ProcessSpec(List.of("cat"), null, null, true, true), r));
        await(cat.write("ping\n".getBytes(StandardCharsets.UTF_8)));
        r.awaitText(OutputKind.PTY, "ping\r\nping\r\n"); // the terminal's echo, then cat's copy
        await(cat.write(new byte[] {4}));
        assertEquals(ProcessExit.exited(0), await(cat.exit()));
    }

    @Test
    void ttyInterruptReachesTheCommand() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle p = await(local.start(new ProcessSpec(List.of("sh", "-c", "trap 'exit 7' INT; echo $$; sleep 30"),
                null, null, true, false), r));
        r.awaitText(OutputKind.PTY, "\n");
        awaitSleepingChild(Long.parseLong(r.text(OutputKind.PTY).trim()));
        await(p.interrupt());
        assertEquals(ProcessExit.exited(7), await(p.exit()));
    }

    @Test
    void aQuarterGigabyteOfOutputIsHandedOverInBoundedChunks() {
        long[] total = new long[1];
        int[] largest = new int[1];
        Recorder exit = new Recorder();
        ProcessHandle p = await(local.start(sh("head -c 268435456 /dev/zero"), new dev.exemux.executor.ProcessListener() {
            @Override
            public void onOutput(OutputKind stream, byte[] chunk) {
                total[0] += chunk.length; // counted, never kept: the executor must not keep it either
                largest[0] = Math.max(largest[0], chunk.length);
            }

            @Override
            public void onExit(ProcessExit result) {
                exit.onExit(result);
            }
        }));
        assertEquals(ProcessExit.exited(0), await(p.exit()));
        assertEquals(268_435_456L, total[0]);
        assertTrue(largest[0] <= 64 * 1024, "largest chunk " + largest[0]);
    }

    @Test
    void processIdsAreUnique() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        ProcessHandle first = await(local.start(sh("true"), a));
        ProcessHandle second = await(local.start(sh("true"), b));
        assertNotEquals(first.id(), second.id());
        await(first.exit());
        await(second.exit());
    }

    /**
     * Waits until {@code pid} runs {@code sleep}: a child that exists but has not exec'd yet still has the
     * shell's INT handler, which would swallow the signal (a real Ctrl-C has the same race).
     */
    private static void awaitSleepingChild(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (java.lang.ProcessHandle.of(pid).stream().flatMap(java.lang.ProcessHandle::children)
                .noneMatch(child -> child.info().command().orElse("").endsWith("/sleep"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("process " + pid + " started no sleep within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
