package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.testing.ExecServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** search_files through the real MCP client and bin/exemux on a codex exec-server: pages, filters, bad input. */
class SearchEndToEndIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void searchesAndPagesThroughTheClient(String release) throws Exception {
        Path root = dir.resolve("src");
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 25; f++) {
            StringBuilder content = new StringBuilder();
            for (int l = 1; l <= 10; l++) {
                content.append("int value").append(l).append(" = ").append(f).append(";\n");
                expected.add(String.format("f%02d.c:%d", f, l));
            }
            write(root.resolve(String.format("f%02d.c", f)), content.toString());
        }
        write(root.resolve("build/out.c"), "int value = 1;\n");
        write(root.resolve(".gitignore"), "build/\n");
        Files.createDirectories(root.resolve(".git"));
        Files.write(root.resolve("blob.bin"), "int value\0".getBytes(StandardCharsets.US_ASCII));

        try (ExecServer peer = ExecServer.start(release);
             McpSession mcp = McpSession.start(Map.of("EXEMUX_EXECUTORS", "box=" + peer.url()), dir.resolve("stderr.log"))) {
            assertTrue(mcp.tools().contains("search_files"), mcp.tools().toString());
            List<String> seen = new ArrayList<>();
            String cursor = null;
            String engine = null;
            for (int page = 0; page < 3; page++) {
                ObjectNode args = McpClientDriver.args("exe_id", "box", "path", root.toString(), "pattern", "^int value\\d+ =",
                        "max_results", 100);
                if (cursor != null) {
                    args.put("cursor", cursor);
                }
                McpSession.Outcome r = mcp.call("search_files", args, 60_000).get();
                assertTrue(r.ok() && !r.isError(), r.toString());
                JsonNode s = r.structured();
                s.path("results").forEach(f -> f.path("matches").forEach(m -> seen.add(f.path("path").asText() + ":" + m.path("line").asInt())));
                assertEquals(page == 2 ? 50 : 100, s.path("returned").asInt(), r.text());
                assertEquals(List.of(150, 50, 0).get(page), s.path("more").asInt(), r.text());
                engine = engine == null ? s.path("engine").asText() : engine;
                assertEquals(engine, s.path("engine").asText());
                assertTrue(r.text().contains("f"), r.text());
                cursor = s.path("cursor").isNull() ? null : s.path("cursor").asText();
            }
            assertEquals(expected, seen);
            assertTrue(List.of("rg", "grep").contains(engine), engine);

            McpSession.Outcome files = mcp.call("search_files", McpClientDriver.args("exe_id", "box", "path", root.toString(),
                    "pattern", "f0?.c", "mode", "files"), 60_000).get();
            assertEquals(10, files.structured().path("results").size(), files.toString());

            McpSession.Outcome bad = mcp.call("search_files", McpClientDriver.args("exe_id", "box", "path", root.toString(),
                    "pattern", "value("), 60_000).get();
            assertTrue(bad.isError(), bad.toString());
            assertTrue(bad.text().contains("not a valid regular expression"), bad.text());
            assertFalse(bad.text().contains("\tat "), bad.text());
        }
    }

    private static void write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
