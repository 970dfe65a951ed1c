package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.testing.ExecServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * apply_patch, edit_file's edits and dry_run, move_path and read_file's paths through the real MCP
 * TypeScript client against bin/exemux: on the embedded {@code local} executor and on a real codex
 * exec-server (direct mode). Also checks that tools/list comes in its fixed order.
 */
class BatchFileToolsEndToEndIT {

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#localAndNew")
    void batchFileToolsThroughTheMcpClient(String executor) throws Exception {
        Path dir = Files.createTempDirectory("exemux-e2e-batch-");
        Files.writeString(dir.resolve("a.txt"), "alpha\nbeta\n");
        Files.writeString(dir.resolve("win.txt"), "one\r\ntwo\r\n");
        Files.writeString(dir.resolve("gone.txt"), "bye\n");
        String patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n alpha\n-beta\n+gamma\n*** Add File: sub/new.txt\n+fresh\n"
                + "*** Delete File: gone.txt\n*** End Patch\n";
        String id = executor.equals("local") ? "local" : "box";
        List<Map<String, String>> edits = List.of(Map.of("old_string", "one", "new_string", "1"),
                Map.of("old_string", "two\n", "new_string", "2\nthree\n"));
        ExecServer peer = executor.equals("local") ? null : ExecServer.start(executor);
        try {
            McpClientDriver driver = new McpClientDriver();
            if (peer != null) {
                driver.env("EXEMUX_EXECUTORS", "box=" + peer.url());
            }
            McpClientDriver.Report r = driver
                    .listTools()
                    .call("apply_patch", args("exe_id", id, "cwd", dir.toString(), "patch", patch, "dry_run", true))
                    .call("apply_patch", args("exe_id", id, "cwd", dir.toString(), "patch", patch))
                    .call("apply_patch", args("exe_id", id, "cwd", dir.toString(), "patch", patch))
                    .call("edit_file", args("exe_id", id, "path", dir.resolve("win.txt").toString(), "edits", edits, "dry_run", true))
                    .call("edit_file", args("exe_id", id, "path", dir.resolve("win.txt").toString(), "edits", edits))
                    .call("move_path", args("exe_id", id, "src", dir.resolve("sub").toString(), "dst", dir.resolve("moved").toString()))
                    .call("read_file", args("exe_id", id, "paths", List.of(dir.resolve("a.txt").toString(),
                            dir.resolve("gone.txt").toString(), dir.resolve("moved/new.txt").toString())))
                    .run();

            List<String> listed = new ArrayList<>();
            r.result(0).path("tools").forEach(t -> listed.add(t.path("name").asText()));
            assertEquals(ToolCatalogTest.ORDER, listed);

            JsonNode dry = r.result(1);
            assertFalse(dry.path("isError").asBoolean(), dry::toString);
            assertTrue(dry.path("structuredContent").path("diff").asText().contains("-beta\n+gamma"), dry::toString);
            JsonNode applied = r.result(2);
            assertFalse(applied.path("isError").asBoolean(), applied::toString);
            assertEquals(3, applied.path("structuredContent").path("files").size(), applied::toString);
            JsonNode again = r.result(3);
            assertTrue(again.path("isError").asBoolean(), again::toString);
            assertTrue(McpClientDriver.Report.text(again).contains("nothing was written"), again::toString);

            JsonNode editDry = r.result(4);
            assertFalse(editDry.path("isError").asBoolean(), editDry::toString);
            assertTrue(editDry.path("structuredContent").path("diff").asText().contains("+three"), editDry::toString);
            assertFalse(r.result(5).path("isError").asBoolean(), () -> r.result(5).toString());
            assertFalse(r.result(6).path("isError").asBoolean(), () -> r.result(6).toString());

            JsonNode files = r.result(7).path("structuredContent").path("files");
            assertEquals(3, files.size(), () -> r.result(7).toString());
            assertEquals("     1\talpha\n     2\tgamma", files.get(0).path("content").asText());
            assertTrue(files.get(1).path("error").asText().contains("does not exist"), files::toString);
            assertEquals("     1\tfresh", files.get(2).path("content").asText());

            assertEquals("alpha\ngamma\n", Files.readString(dir.resolve("a.txt")));
            assertEquals("1\r\n2\r\nthree\r\n", Files.readString(dir.resolve("win.txt")));
            assertEquals("fresh\n", Files.readString(dir.resolve("moved/new.txt")));
            assertFalse(Files.exists(dir.resolve("gone.txt")));
            r.assertStdoutIsOnlyJsonRpc();
        } finally {
            if (peer != null) {
                peer.close();
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }
}
