package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The process tools through the bridge against real codex exec-servers: the oldest release with an
 * exec-server (no piped stdin, no process/signal) and the newest. One server at a time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessToolsOnCodexTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Oldest extends OnRelease {
        Oldest() {
            super(CodexRelease.OLDEST);
        }

        @Test
        void interruptReachesTheProcessWithoutProcessSignal() {
            interruptReachesTheProcess(); // 0.120 has no process/signal: a kill process signals the group
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Newest extends OnRelease {
        Newest() {
            super(CodexRelease.NEW);
        }

        @Test
        void interruptReachesTheProcessThroughProcessSignal() {
            interruptReachesTheProcess();
        }

        @Test
        void aTtySessionTakesKeystrokesAndCtrlD() {
            Result first = call("exec_command", "{\"exe_id\":\"codex\",\"command\":[\"cat\"],\"tty\":true,\"yield_ms\":300}");
            String session = first.string("session_id");
            Result echo = call("write_stdin", "{\"exe_id\":\"codex\",\"session_id\":\"" + session + "\",\"input\":\"abc\\n\"}");
            assertTrue(echo.string("stdout").contains("abc"), echo.text());
            Result end = call("write_stdin", "{\"exe_id\":\"codex\",\"session_id\":\"" + session + "\",\"input\":\"\\u0004\"}");
            for (int i = 0; end.exitCode() == null && i < 5; i++) {
                end = call("read_output", "{\"exe_id\":\"codex\",\"session_id\":\"" + session + "\"}");
            }
            assertEquals(0, end.exitCode(), end.text());
        }
    }

    abstract static class OnRelease {
        private final String version;
        private ExecServer server;
        private ExecutorPool pool;
        private ToolHarness harness;

        OnRelease(String version) {
            this.version = version;
        }

        @BeforeAll
        void start() {
            server = ExecServer.start(CodexRelease.require(version), null);
            pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))));
            harness = ToolHarness.processTools(ProcessTools.create(pool));
        }

        @AfterAll
        void stop() {
            if (harness != null) {
                harness.close();
            }
            if (pool != null) {
                pool.close();
            }
            if (server != null) {
                server.close();
            }
        }

        Result call(String tool, String json) {
            return harness.call(tool, json);
        }

        void interruptReachesTheProcess() {
            Result first = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"trap 'echo trapped; exit 7' INT; echo ready;"
                    + " while :; do sleep 0.1; done\",\"yield_ms\":500}");
            Result kill = call("kill_process", "{\"exe_id\":\"codex\",\"session_id\":\"" + first.string("session_id")
                    + "\",\"signal\":\"interrupt\"}");
            assertEquals(7, kill.exitCode(), kill.text());
        }

        @Test
        void exitCodeAndSeparateStreams() {
            Result r = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"echo out; echo err >&2; exit 3\"}");
            assertEquals(3, r.exitCode(), r.text());
            assertEquals("out\n", r.string("stdout"));
            assertEquals("err\n", r.string("stderr"));
        }

        @Test
        void stdinArrivesWithEndOfInputAndNothingHangs() {
            Result wc = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"wc -c\",\"stdin\":\"hello\"}");
            assertEquals("5", wc.string("stdout").trim(), wc.text());
            Result cat = call("exec_command", "{\"exe_id\":\"codex\",\"command\":[\"cat\"],\"yield_ms\":5000}");
            assertEquals("exited", cat.string("state"), "cat without stdin ends: " + cat.text());
        }

        @Test
        void yieldThenReadOutputToTheEnd() {
            Result first = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"echo a; sleep 1; echo b\",\"yield_ms\":200}");
            assertEquals("running", first.string("state"), first.text());
            StringBuilder out = new StringBuilder(first.string("stdout"));
            Result read = first;
            for (int i = 0; read.exitCode() == null && i < 10; i++) {
                read = call("read_output", "{\"exe_id\":\"codex\",\"session_id\":\"" + first.string("session_id") + "\"}");
                out.append(read.string("stdout"));
            }
            assertEquals(0, read.exitCode());
            assertEquals("a\nb\n", out.toString());
        }

        @Test
        void bigOutputKeepsHeadAndTail() {
            Result r = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"seq 1 500000\",\"max_output_chars\":1000}");
            assertEquals(0, r.exitCode(), r.text());
            assertEquals(3_388_895, r.get("stdout_bytes").asLong());
            assertTrue(r.string("stdout").startsWith("1\n2\n"));
            assertTrue(r.string("stdout").endsWith("499999\n500000\n"));
        }

        @Test
        void theTimeoutKills() {
            Result r = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"sleep 20\",\"timeout_ms\":500}");
            assertEquals("timed_out", r.string("state"), r.text());
            assertNotNull(r.exitCode());
        }

        @Test
        void aSessionOnAnotherExeIdIsNotFoundThere() {
            Result first = call("exec_command", "{\"exe_id\":\"codex\",\"command\":\"sleep 5\",\"yield_ms\":0}");
            Result r = call("read_output", "{\"exe_id\":\"elsewhere\",\"session_id\":\"" + first.string("session_id") + "\"}");
            assertTrue(r.isError() && r.text().contains("runs on exe_id 'codex'"), r.text());
        }
    }
}
