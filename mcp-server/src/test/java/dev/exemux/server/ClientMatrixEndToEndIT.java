package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same session through every official TypeScript client and protocol era exemux serves: the
 * 2025-era SDK 1.32, and the 2.4 client in its legacy mode, its auto mode (probes server/discover) and
 * pinned to 2026-07-28. Each lists the tools, runs a command and reads a file on {@code local}, gets a
 * tool error as {@code isError}, and cancels a long call that reports progress (its process dies and
 * no response is sent for it).
 */
class ClientMatrixEndToEndIT {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"sdk, legacy, legacy", "client, legacy, legacy", "client, auto, modern", "client, 2026-07-28, modern"})
    void theWholeSessionWorks(String client, String mode, String expectedEra) throws Exception {
        Path dir = Files.createTempDirectory("exemux-matrix-");
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello from " + mode + "\n");
        Path pidFile = dir.resolve("sleeper.pid");
        McpClientDriver.Report r = new McpClientDriver()
                .client(client, mode)
                .listTools()
                .call("exec_command", args("exe_id", "local", "command", "echo ran-" + mode))
                .call("read_file", args("exe_id", "local", "path", file.toString()))
                .call("read_file", args("exe_id", "local", "path", dir.resolve("missing.txt").toString()))
                .call("exec_command", args("exe_id", "local", "command", "echo $$ > " + pidFile + "; echo started; exec sleep 60",
                        "yield_ms", 30000), true, 4000)
                .call("exec_command", args("exe_id", "local", "command", gone(pidFile)))
                .call("no_such_tool", args())
                .run();

        assertEquals(expectedEra, r.json().path("era").asText(), "the era the client negotiated");
        assertEquals("exemux", r.json().path("serverInfo").path("name").asText());
        List<String> names = r.result(0).path("tools").findValuesAsText("name");
        assertTrue(names.containsAll(List.of("exec_command", "read_file", "copy_path", "copy_status")), names.toString());

        JsonNode ran = r.result(1);
        assertFalse(ran.path("isError").asBoolean(), ran.toString());
        assertEquals("ran-" + mode + "\n", ran.path("structuredContent").path("stdout").asText());
        assertTrue(McpClientDriver.Report.text(r.result(2)).contains("hello from " + mode), r.result(2).toString());

        JsonNode missing = r.result(3);
        assertTrue(missing.path("isError").asBoolean(), "a tool failure is an isError result: " + missing);
        assertTrue(McpClientDriver.Report.text(missing).contains("does not exist"), missing.toString());

        JsonNode cancelled = r.step(4);
        assertFalse(cancelled.path("ok").asBoolean(), "the client gave up on the call: " + cancelled);
        assertTrue(cancelled.path("progress").size() >= 1, "progress arrived while it ran: " + cancelled);
        assertEquals("gone\n", r.result(5).path("structuredContent").path("stdout").asText(), "the cancelled call's process was killed");

        JsonNode unknown = r.step(6);
        assertFalse(unknown.path("ok").asBoolean(), unknown.toString());
        String message = unknown.path("error").path("message").asText();
        assertTrue(message.contains("no_such_tool") && message.contains("exec_command"), "names the tool asked for and the tools: " + message);

        List<JsonNode> lines = r.assertStdoutIsOnlyJsonRpc();
        if (expectedEra.equals("modern")) {
            assertTrue(lines.stream().filter(m -> m.has("result")).allMatch(m -> m.path("result").has("resultType")),
                    "every modern result carries resultType");
        }
    }

    /** A command that waits (up to 20 s) for the process in {@code pidFile} to die: prints gone, or alive. */
    static String gone(Path pidFile) {
        return "for i in $(seq 200); do kill -0 $(cat " + pidFile + ") 2>/dev/null || { echo gone; exit; }; sleep 0.1; done; echo alive";
    }
}
