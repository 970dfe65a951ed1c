package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.testing.ExecServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through bin/exemux and the MCP TypeScript client, on {@code local} and on an old and a new codex
 * release: a command that starts a server in the background returns when the command itself ends;
 * kill_process and exemux's exit stop what a session started, background children included; read_output
 * follows a chatty process to its end in one call, as exec_command would.
 */
class ProcessLifecycleEndToEndIT {

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#localOldAndNew")
    void backgroundChildrenAndReadOutput(String executor) throws Exception {
        if (executor.equals("local")) {
            run(new McpClientDriver().env("EXEMUX_LOCAL", "on"), "local");
            return;
        }
        try (ExecServer peer = ExecServer.start(executor)) {
            run(new McpClientDriver().env("EXEMUX_EXECUTORS", "box=" + peer.url()), "box");
        }
    }

    private static void run(McpClientDriver driver, String exe) throws Exception {
        McpClientDriver.Report r = driver
                .call("exec_command", args("exe_id", exe, "command", "sleep 81 & echo $!", "yield_ms", 30000))
                .call("exec_command", args("exe_id", exe, "command", "for i in $(seq 1 100); do echo line $i; sleep 0.05; done",
                        "yield_ms", 0))
                .callOnLastSession("read_output", args("exe_id", exe, "yield_ms", 30000))
                .call("exec_command", args("exe_id", exe, "command", "sleep 82 & echo $!; sleep 60", "yield_ms", 1000))
                .callOnLastSession("kill_process", args("exe_id", exe))
                .run();
        r.assertStdoutIsOnlyJsonRpc();

        JsonNode background = r.result(0).path("structuredContent");
        assertEquals("exited", background.path("state").asText(), "the call returned when the command ended: " + background);
        assertEquals(0, background.path("exit_code").asInt(), background.toString());
        long leftRunning = Long.parseLong(background.path("stdout").asText().trim());

        JsonNode started = r.result(1).path("structuredContent");
        JsonNode followed = r.result(2).path("structuredContent");
        assertEquals("exited", followed.path("state").asText(), "one read_output followed it to its end: " + followed);
        String lines = started.path("stdout").asText() + followed.path("stdout").asText();
        assertTrue(lines.startsWith("line 1\n") && lines.endsWith("line 100\n") && lines.split("\n").length == 100, lines);

        JsonNode running = r.result(3).path("structuredContent");
        assertEquals("running", running.path("state").asText(), running.toString());
        long child = Long.parseLong(running.path("stdout").asText().trim());
        JsonNode kill = r.result(4).path("structuredContent");
        assertEquals("killed", kill.path("state").asText(), r.result(4).toString());

        assertGone(child, "kill_process stops the background child too");
        assertGone(leftRunning, "exemux's exit stops what an ended command left running");
    }

    private static void assertGone(long pid, String why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() - deadline > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                assertFalse(true, why + ": process " + pid + " still runs");
            }
            Thread.sleep(50);
        }
    }
}
