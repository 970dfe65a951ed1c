package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Inspector's CLI ({@code @modelcontextprotocol/inspector-cli}, one request per run) against
 * bin/exemux. The server is started through a wrapper that copies its stdout to a file, so the test
 * also sees what the Inspector received besides the result it prints (progress, every line JSON-RPC).
 * The CLI has no way to cancel a call; cancellation is covered by the other clients.
 */
class InspectorCliEndToEndIT {

    @TempDir
    static Path dir;
    static Path wrapper;
    static Path wire;

    @BeforeAll
    static void wrapper() throws Exception {
        wire = dir.resolve("wire.jsonl");
        wrapper = dir.resolve("exemux-tee.sh");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + McpClientDriver.launcher() + "' \"$@\" | tee -a '" + wire + "'\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void listsRunsReadsAndReportsErrorsAndProgress() throws Exception {
        JsonNode list = inspector("--method", "tools/list");
        assertTrue(list.path("tools").findValuesAsText("name").containsAll(List.of("exec_command", "read_file")), list.toString());

        JsonNode ran = inspector("--method", "tools/call", "--tool-name", "exec_command", "--tool-arg", "exe_id=local",
                "command=echo inspected; sleep 2; echo done", "--tool-metadata", "progressToken=p1");
        assertFalse(ran.path("isError").asBoolean(), ran.toString());
        assertEquals("inspected\ndone\n", ran.path("structuredContent").path("stdout").asText());

        Path file = Files.writeString(dir.resolve("hello.txt"), "hello inspector\n");
        JsonNode read = inspector("--method", "tools/call", "--tool-name", "read_file", "--tool-arg", "exe_id=local", "path=" + file);
        assertTrue(McpClientDriver.Report.text(read).contains("hello inspector"), read.toString());

        JsonNode missing = inspector("--method", "tools/call", "--tool-name", "read_file", "--tool-arg", "exe_id=local",
                "path=" + dir.resolve("missing.txt"));
        assertTrue(missing.path("isError").asBoolean(), "a tool failure is an isError result: " + missing);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(wire)) {
            JsonNode m = McpClientDriver.JSON.readTree(line);
            assertEquals("2.0", m.path("jsonrpc").asText(), () -> "not JSON-RPC on stdout: " + line);
            lines.add(m);
        }
        assertTrue(lines.stream().anyMatch(m -> "notifications/progress".equals(m.path("method").asText())
                && "p1".equals(m.path("params").path("progressToken").asText())), "progress reached the Inspector");
    }

    /** One Inspector CLI run; its printed result. */
    private static JsonNode inspector(String... args) throws Exception {
        Path cli = McpClientDriver.sdkNodeModules().resolve("@modelcontextprotocol/inspector-cli/build");
        List<String> command = new ArrayList<>(List.of("node", cli.resolve("index.js").toString(), wrapper.toString()));
        command.addAll(List.of(args));
        // The CLI looks for its package.json relative to the working directory.
        ProcessBuilder pb = new ProcessBuilder(command).directory(cli.toFile());
        pb.environment().put("SHLVL", "1");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (var in = p.getInputStream()) {
                in.transferTo(b);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return b.toByteArray();
        });
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the Inspector CLI did not finish: " + command);
        }
        String printed = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "the Inspector CLI failed: " + printed);
        return McpClientDriver.JSON.readTree(printed);
    }
}
