package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.local.LocalExecutor;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.TestContext;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Where a process ends, on every kind of executor alike: a command that leaves a child running in the
 * background ends when the command itself ends, its own output all there; stopping a session (kill_process,
 * timeout_ms, cancellation, exemux's shutdown) stops the whole process group, background children included;
 * read_output collects like exec_command; a missing program or directory reads the same with and without
 * stdin. The executors run on this machine, so the test sees the processes they started.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLifecycleTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Local extends OnExecutor {
        private LocalExecutor local;

        @Override
        ExecutorResolver resolver() {
            local = new LocalExecutor();
            return new TestResolver().add("x", local);
        }

        @Override
        void closeResolver() {
            local.shutdown();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Codex130 extends OnCodex {
        Codex130() {
            super(CodexRelease.OLD);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Codex169 extends OnCodex {
        Codex169() {
            super(CodexRelease.NEW);
        }
    }

    abstract static class OnCodex extends OnExecutor {
        private final String version;
        private ExecServer server;
        private ExecutorPool pool;

        OnCodex(String version) {
            this.version = version;
        }

        @BeforeAll
        void startServer() {
            server = ExecServer.start(CodexRelease.require(version), null);
        }

        @AfterAll
        void stopServer() {
            if (server != null) {
                server.close();
            }
        }

        @Override
        ExecutorResolver resolver() {
            pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("x", URI.create(server.url()))));
            return pool;
        }

        @Override
        void closeResolver() {
            pool.close();
        }
    }

    abstract static class OnExecutor {
        private ToolHarness harness;
        private ProcessTools tools;

        abstract ExecutorResolver resolver();

        abstract void closeResolver();

        @BeforeEach
        void open() {
            tools = ProcessTools.create(resolver());
            harness = ToolHarness.processTools(tools);
        }

        @AfterEach
        void close() {
            if (harness != null) {
                harness.close();
                harness = null;
            }
            closeResolver();
        }

        Result call(String tool, String json) {
            return harness.call(tool, json);
        }

        Result call(String tool, TestContext ctx, String json) {
            return harness.call(tool, ctx, json);
        }

        // ---- item 2: background children

        @Test
        void aBackgroundChildDoesNotHoldTheCallAndTheCommandsOutputIsAllThere() {
            Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 91 & echo started; echo err >&2; exit 3\","
                    + "\"yield_ms\":20000}");
            try {
                assertEquals("exited", r.string("state"), r.text());
                assertEquals(3, r.exitCode(), r.text());
                assertEquals("started\n", r.string("stdout"), r.text());
                assertEquals("err\n", r.string("stderr"), r.text());
            } finally {
                killQuietly("sleep 91");
            }
        }

        @Test
        void outputABackgroundChildPrintsLaterIsNotWaitedFor() {
            Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"(sleep 30; echo late) & echo early\",\"yield_ms\":20000}");
            assertEquals("exited", r.string("state"), r.text());
            assertEquals("early\n", r.string("stdout"), r.text());
        }

        @Test
        void theCommandsOwnOutputIsNeverLostToTheExitRace() {
            for (int i = 0; i < 15; i++) {
                Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"printf a; printf b >&2; printf c\"}");
                assertEquals("ac", r.string("stdout"), "run " + i + ": " + r.text());
                assertEquals("b", r.string("stderr"), "run " + i + ": " + r.text());
            }
        }

        @Test
        void killProcessStopsTheWholeGroup() {
            Result first = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 92 & echo $!; sleep 60\",\"yield_ms\":1000}");
            long child = pid(first);
            Result kill = call("kill_process", "{\"exe_id\":\"x\",\"session_id\":\"" + first.string("session_id") + "\"}");
            assertEquals("killed", kill.string("state"), kill.text());
            assertGone(child);
        }

        @Test
        void killProcessAfterTheCommandEndedStopsWhatItLeftRunning() {
            Result first = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 93 & echo $!\",\"yield_ms\":20000}");
            assertEquals("exited", first.string("state"), first.text());
            long child = pid(first);
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the background child runs on");
            Result kill = call("kill_process", "{\"exe_id\":\"x\",\"session_id\":\"" + first.string("session_id") + "\"}");
            assertFalse(kill.isError(), kill.text());
            assertGone(child);
        }

        @Test
        void theTimeoutStopsTheWholeGroup() {
            Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 94 & echo $!; sleep 60\",\"timeout_ms\":1500,"
                    + "\"yield_ms\":20000}");
            assertEquals("timed_out", r.string("state"), r.text());
            assertGone(pid(r));
        }

        @Test
        void cancellingTheCallStopsTheWholeGroup() throws Exception {
            TestContext ctx = new TestContext(Duration.ofSeconds(60));
            CompletableFuture<Result> call = CompletableFuture.supplyAsync(() -> call("exec_command", ctx,
                    "{\"exe_id\":\"x\",\"command\":\"sleep 95 & sleep 60\",\"yield_ms\":30000}"));
            long child = waitForProcess("sleep 95");
            ctx.cancel();
            call.get(30, TimeUnit.SECONDS);
            assertGone(child);
        }

        @Test
        void shutdownStopsWhatACommandLeftRunning() {
            Result first = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 96 & echo $!\",\"yield_ms\":20000}");
            assertEquals("exited", first.string("state"), first.text());
            long child = pid(first);
            Result running = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 97 & echo $!; sleep 60\",\"yield_ms\":500}");
            long other = pid(running);
            harness.close();
            harness = null;
            assertGone(child);
            assertGone(other);
        }

        // ---- item 6: read_output collects like exec_command

        @Test
        void readOutputFollowsAChattyProcessInAtMostTwoCalls() {
            Result first = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"for i in $(seq 1 60); do echo line $i; sleep 0.05;"
                    + " done\",\"yield_ms\":0}");
            StringBuilder out = new StringBuilder(first.string("stdout"));
            ProcessSession session = tools.registry().get("x", first.string("session_id"));
            assertFalse(session.collected(), "a wait over many sessions would not return for this one yet");
            int calls = 0;
            Result read = first;
            while (read.exitCode() == null && calls < 10) {
                read = call("read_output", "{\"exe_id\":\"x\",\"session_id\":\"" + first.string("session_id")
                        + "\",\"yield_ms\":30000}");
                out.append(read.string("stdout"));
                calls++;
            }
            assertEquals(0, read.exitCode(), read.text());
            assertTrue(session.collected());
            assertTrue(calls <= 2, "followed to its end in " + calls + " read_output calls");
            assertTrue(out.toString().startsWith("line 1\n") && out.toString().endsWith("line 60\n"), out.toString());
        }

        @Test
        void readOutputFollowsABigOutputInFewCallsKeepingHeadAndTail() {
            Result first = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"sleep 0.5; seq 1 1000000\",\"yield_ms\":0}");
            Result read = first;
            int calls = 0;
            while (read.exitCode() == null && calls < 10) {
                read = call("read_output", "{\"exe_id\":\"x\",\"session_id\":\"" + first.string("session_id")
                        + "\",\"yield_ms\":30000,\"max_output_chars\":1000}");
                calls++;
            }
            assertEquals(0, read.exitCode(), read.text());
            assertTrue(calls <= 2, "followed to its end in " + calls + " read_output calls");
            assertTrue(read.string("stdout").endsWith("999999\n1000000\n"), read.text());
        }

        // ---- items 10, 11: start failures name the program and the directory, with or without stdin

        @Test
        void aMissingProgramReadsTheSameWithAndWithoutStdin() {
            Result plain = call("exec_command", "{\"exe_id\":\"x\",\"command\":[\"/no/such/prog\",\"a\"]}");
            Result withStdin = call("exec_command", "{\"exe_id\":\"x\",\"command\":[\"/no/such/prog\",\"a\"],\"stdin\":\"hi\"}");
            assertTrue(plain.isError(), plain.text());
            assertTrue(withStdin.isError(), withStdin.text());
            assertTrue(plain.text().contains("/no/such/prog"), plain.text());
            assertEquals(plain.text(), withStdin.text());
            assertFalse(withStdin.text().contains(".exemux-stdin"), withStdin.text());
        }

        @Test
        void aMissingDirectoryIsNamed() {
            Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":[\"ls\"],\"cwd\":\"/no/such/dir\"}");
            assertTrue(r.isError(), r.text());
            assertTrue(r.text().contains("/no/such/dir") && r.text().contains("ls"), r.text());
            Result shell = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"ls\",\"cwd\":\"/no/such/dir\",\"stdin\":\"x\"}");
            assertTrue(shell.isError() && shell.text().contains("/no/such/dir"), shell.text());
        }

        // ---- item 14: one rule for the shell, a real terminal size; item 9: long terminal lines are flagged

        @Test
        void commandStringsRunWithBashWhereThereIsOneAndTheResultsSayWhichShell() {
            Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"echo ${BASH_VERSION:+bash}\"}");
            assertEquals("bash\n", r.string("stdout"), r.text());
            assertTrue(r.text().contains("(shell: /bin/bash)"), r.text());
            Result listed = call("list_executors", "{}");
            assertEquals("/bin/bash", listed.get("executors").get(0).path("shell").asText(), listed.text());
            assertTrue(listed.text().contains("shell /bin/bash"), listed.text());
        }

        @Test
        void aTerminalHasARealSize() {
            Result r = call("exec_command", "{\"exe_id\":\"x\",\"command\":\"stty size\",\"tty\":true,\"yield_ms\":20000}");
            assertEquals("24 80\n", r.string("stdout"), r.text());
        }

        @Test
        void aTerminalLineLongerThanTheTerminalKeepsIsFlagged() {
            Result first = call("exec_command", "{\"exe_id\":\"x\",\"command\":[\"cat\"],\"tty\":true,\"yield_ms\":300}");
            String session = first.string("session_id");
            Result shortLine = call("write_stdin", "{\"exe_id\":\"x\",\"session_id\":\"" + session + "\",\"input\":\"abc\\n\"}");
            assertFalse(shortLine.text().contains("line mode"), shortLine.text());
            Result longLine = call("write_stdin", "{\"exe_id\":\"x\",\"session_id\":\"" + session + "\",\"input\":\""
                    + "x".repeat(10_000) + "\\n\",\"yield_ms\":2000}");
            assertTrue(longLine.text().contains("a line of 10000 bytes") && longLine.text().contains("first 4095 bytes"),
                    longLine.text());
            call("kill_process", "{\"exe_id\":\"x\",\"session_id\":\"" + session + "\"}");
        }

        // ---- helpers

        private static long pid(Result r) {
            String out = r.string("stdout").trim();
            return Long.parseLong(out.lines().findFirst().orElseThrow().trim());
        }

        /** Waits (generously: the machine may be loaded) for a process to be gone. */
        static void assertGone(long pid) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() - deadline > 0) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    throw new AssertionError("process " + pid + " still runs");
                }
                sleep(50);
            }
        }

        static long waitForProcess(String commandLine) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() - deadline < 0) {
                var found = ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().map(c -> c.endsWith(commandLine)).orElse(false)).findFirst();
                if (found.isPresent()) {
                    return found.get().pid();
                }
                sleep(50);
            }
            throw new AssertionError("no process '" + commandLine + "' appeared");
        }

        static void killQuietly(String commandLine) {
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.endsWith(commandLine)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
