package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The process tools through bin/exemux and the MCP TypeScript client, on the embedded executor. */
class ProcessToolsEndToEndIT {

    @Test
    void execCommandOnLocalReportsOutputAndExitCode() throws Exception {
        McpClientDriver.Report r = new McpClientDriver()
                .call("exec_command", args("exe_id", "local", "command", "echo hello; echo oops >&2; exit 3"))
                .call("list_executors", args())
                .run();
        JsonNode result = r.result(0).path("structuredContent");
        assertEquals(3, result.path("exit_code").asInt(), result.toString());
        assertEquals("hello\n", result.path("stdout").asText());
        assertTrue(result.path("stderr").asText().contains("oops"));
        JsonNode executors = r.result(1);
        assertFalse(executors.path("isError").asBoolean(), executors.toString());
        assertTrue(McpClientDriver.Report.text(executors).contains("local"));
        r.assertStdoutIsOnlyJsonRpc();
    }

    @Test
    void cancellationStopsTheCallAndKillsTheProcess() throws Exception {
        Path pidFile = Files.createTempFile("exemux-cancel-", ".pid");
        McpClientDriver.Report r = new McpClientDriver()
                .call("exec_command", args("exe_id", "local", "command", "echo $$ > " + pidFile + "; exec sleep 60",
                        "yield_ms", 30000), true, 4000)
                .sleep(1000)
                .call("exec_command", args("exe_id", "local", "command", "kill -0 $(cat " + pidFile + ") 2>/dev/null && echo alive || echo gone"))
                .run();
        JsonNode cancelled = r.step(0);
        assertFalse(cancelled.path("ok").asBoolean(), "the client gave up on the call: " + cancelled);
        assertTrue(cancelled.path("progress").size() >= 1, "progress arrived while it ran: " + cancelled);
        assertEquals("gone\n", r.result(2).path("structuredContent").path("stdout").asText(), "the process was killed");
        Files.deleteIfExists(pidFile);
        // The TypeScript client numbers requests from 0 (initialize), so the cancelled call is id 1.
        long responsesToCancelled = r.assertStdoutIsOnlyJsonRpc().stream()
                .filter(m -> !m.has("method") && m.path("id").isInt() && m.path("id").asInt() == 1)
                .count();
        assertEquals(0, responsesToCancelled, "no response is sent for a cancelled request");
    }

    @Test
    void aGigabyteOfOutputFitsInA128MegabyteHeap() throws Exception {
        McpClientDriver.Report r = new McpClientDriver()
                .env("JAVA_TOOL_OPTIONS", "-Xmx128m")
                .call("exec_command", args("exe_id", "local", "command", "head -c 1073741824 /dev/zero | tr '\\0' x; echo; echo done",
                        "yield_ms", 50000))
                .callOnLastSession("read_output", args("exe_id", "local", "yield_ms", 50000))
                .callOnLastSession("read_output", args("exe_id", "local", "yield_ms", 50000))
                .listTools()
                .run();
        JsonNode last = r.result(2).path("structuredContent");
        assertEquals("exited", last.path("state").asText(), last.toString());
        assertEquals(0, last.path("exit_code").asInt());
        long seen = 0;
        for (int i = 0; i < 3; i++) {
            seen += r.result(i).path("structuredContent").path("stdout_bytes").asLong();
        }
        assertEquals(1073741824L + "\ndone\n".length(), seen, "every byte was counted");
        r.result(3);
        r.assertStdoutIsOnlyJsonRpc();
        assertTrue(r.stderr().contains("Picked up JAVA_TOOL_OPTIONS: -Xmx128m"), "the server ran with a 128 MB heap");
        assertFalse(r.stderr().contains("OutOfMemoryError"));
    }
}
