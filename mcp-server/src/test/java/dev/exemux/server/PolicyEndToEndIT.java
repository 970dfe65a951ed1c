package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The operator's policy variables (EXEMUX_READ_ONLY, EXEMUX_ALLOWED_EXE_IDS) through bin/exemux and the MCP client. */
class PolicyEndToEndIT {

    private static Set<String> names(JsonNode listResult) {
        Set<String> names = new TreeSet<>();
        listResult.path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    @Test
    void readOnlyModeListsOnlyReadOnlyToolsAndRefusesTheOthers() throws Exception {
        Path dir = Files.createTempDirectory("exemux-ro-");
        Path file = dir.resolve("kept.txt");
        Files.writeString(file, "original\n");
        McpClientDriver.Report r = new McpClientDriver()
                .env("EXEMUX_READ_ONLY", "1")
                .listTools()
                .call("write_file", args("exe_id", "local", "path", file.toString(), "content", "changed"))
                .call("exec_command", args("exe_id", "local", "command", "rm -f " + file))
                .call("remove_path", args("exe_id", "local", "path", dir.toString(), "recursive", true))
                .call("write_file", args("wrong", 42))
                .call("read_file", args("exe_id", "local", "path", file.toString()))
                .run();
        JsonNode tools = r.result(0).path("tools");
        for (JsonNode tool : tools) {
            assertTrue(tool.path("annotations").path("readOnlyHint").asBoolean(), () -> "listed in read-only mode: " + tool);
        }
        Set<String> listed = names(r.result(0));
        assertTrue(listed.containsAll(List.of("read_file", "stat_path", "list_directory", "list_executors", "read_output",
                "list_sessions")), listed.toString());
        for (String hidden : List.of("write_file", "edit_file", "remove_path", "make_directory", "exec_command", "write_stdin",
                "kill_process")) {
            assertFalse(listed.contains(hidden), hidden + " is hidden");
        }
        for (int i = 1; i <= 4; i++) {
            JsonNode refused = r.result(i);
            assertTrue(refused.path("isError").asBoolean(), refused.toString());
            assertTrue(McpClientDriver.Report.text(refused).contains("read-only mode is on"), refused.toString());
        }
        assertFalse(r.result(5).path("isError").asBoolean(), "reading still works: " + r.result(5));
        assertEquals("original\n", Files.readString(file), "nothing was changed");
        r.assertStdoutIsOnlyJsonRpc();
    }

    @Test
    void anExeIdOutsideTheAllowListIsRefusedAndNeverDialed() throws Exception {
        String token = "policy-" + Long.toHexString(System.nanoTime());
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW); TestGateway gateway = TestGateway.start(token)) {
            // Both ids lead to a live executor: only the policy keeps exemux from dialing prod-db.
            gateway.route("build-1", peer).route("prod-db", peer);
            McpClientDriver.Report r = new McpClientDriver()
                    .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                    .env("EXEMUX_TOKEN", token)
                    .env("EXEMUX_LOCAL", "on")
                    .env("EXEMUX_ALLOWED_EXE_IDS", "build-*,local")
                    .call("stat_path", args("exe_id", "build-1", "path", "/tmp"))
                    .call("stat_path", args("exe_id", "prod-db", "path", "/tmp"))
                    .call("exec_command", args("exe_id", "prod-db", "command", "true"))
                    .call("list_executors", args())
                    .run();
            assertFalse(r.result(0).path("isError").asBoolean(), "an allowed id works: " + r.result(0));
            assertTrue(gateway.upgrades("build-1") >= 1, "the allowed id was dialed");
            for (int i = 1; i <= 2; i++) {
                JsonNode refused = r.result(i);
                String text = McpClientDriver.Report.text(refused);
                assertTrue(refused.path("isError").asBoolean(), refused.toString());
                assertTrue(text.contains("'prod-db' is not allowed") && text.contains("build-*, local"), text);
            }
            assertEquals(0, gateway.upgrades("prod-db"), "the refused id was never dialed");
            String listed = r.result(3).path("structuredContent").path("executors").toString();
            assertTrue(listed.contains("build-1") && listed.contains("local"), listed);
            assertFalse(listed.contains("prod-db"), listed);
            r.assertStdoutIsOnlyJsonRpc();
        }
    }

    @Test
    void invalidPolicyValuesStopStartUpWithOneLineNamingTheVariable() throws Exception {
        for (Map<String, String> env : List.of(Map.of("EXEMUX_READ_ONLY", "sometimes"), Map.of("EXEMUX_ALLOWED_EXE_IDS", "build/*"),
                Map.of("EXEMUX_ALLOWED_EXE_IDS", ","))) {
            String variable = env.keySet().iterator().next();
            ExemuxEndToEndIT.Result bad = ExemuxEndToEndIT.runLauncher(env);
            assertEquals(2, bad.exit(), bad.toString());
            assertEquals("", bad.stdout());
            String[] lines = bad.stderr().strip().split("\n");
            assertEquals(1, lines.length, bad.stderr());
            assertTrue(lines[0].startsWith("exemux: " + variable + ": "), lines[0]);
        }
        ExemuxEndToEndIT.Result help = ExemuxEndToEndIT.runLauncher(Map.of(), "--help");
        assertTrue(help.stdout().contains("EXEMUX_READ_ONLY") && help.stdout().contains("EXEMUX_ALLOWED_EXE_IDS"), help.stdout());
    }
}
