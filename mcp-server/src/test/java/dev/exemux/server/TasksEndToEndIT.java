package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copy_path as an MCP task (the tasks extension of 2026-07-28) through the TypeScript client pinned to
 * 2026-07-28 and its tasks package ({@code src/test/js/tasks-driver.mjs}): a 256 MiB copy started as a
 * task and polled with tasks/get to its end, another cancelled with tasks/cancel (nothing is left at
 * its destination). Clients without the extension keep copy_id and copy_status.
 */
class TasksEndToEndIT {

    private static final long SIZE = 256L * 1024 * 1024;

    @TempDir
    static Path dir;
    static Path source;
    static String sourceSha256;

    @BeforeAll
    static void bigFile() throws Exception {
        source = dir.resolve("big.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(source)) {
            for (long written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                sha.update(block);
                out.write(block);
            }
        }
        sourceSha256 = HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aCopyRunsAsATaskToItsEndAndAnotherIsCancelledLeavingNothing() throws Exception {
        Path done = dir.resolve("task-done.bin");
        Path cancelled = dir.resolve("task-cancelled.bin");
        ObjectNode scenario = McpClientDriver.JSON.createObjectNode();
        scenario.putArray("copies")
                .add(McpClientDriver.JSON.createObjectNode().set("arguments", copyArgs(done)))
                .add(McpClientDriver.JSON.createObjectNode().put("cancel", true).set("arguments", copyArgs(cancelled)));
        JsonNode report = McpClientDriver.runScript("tasks-driver.mjs", scenario, Map.of(), 300);

        assertEquals("modern", report.path("era").asText());
        assertTrue(report.path("discover").path("extensions").has(Tasks.EXTENSION), "server/discover offers the tasks extension");

        JsonNode first = report.path("copies").get(0);
        assertFalse(first.has("error"), first.toString());
        assertEquals("task", first.path("kind").asText(), "copy_path answered with a task: " + first);
        assertEquals("completed", first.path("outcome").asText(), first.toString());
        JsonNode copied = first.path("result").path("structuredContent");
        assertEquals("done", copied.path("state").asText(), first.toString());
        assertEquals(SIZE, copied.path("bytes").asLong());
        assertEquals(sourceSha256, copied.path("sha256").asText());
        assertEquals(SIZE, Files.size(done));
        assertEquals(sourceSha256, sha256(done), "the destination holds the source's bytes");
        assertTrue(report.path("methods").path("tasks/get").asInt() >= 1, "the client polled with tasks/get: " + report.path("methods"));

        JsonNode second = report.path("copies").get(1);
        assertFalse(second.has("error"), second.toString());
        assertEquals("task", second.path("kind").asText());
        assertEquals(1, report.path("methods").path("tasks/cancel").asInt());
        assertEquals("cancelled", second.path("afterCancel").path("status").asText(), second.toString());
        assertFalse(Files.exists(cancelled), "nothing at the cancelled copy's destination");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("big.bin", "task-done.bin"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporaries left beside the destinations");
        }
        assertStdoutIsJsonRpc(report.path("stdout").asText());
    }

    @Test
    void clientsWithoutTheExtensionKeepCopyIdAndCopyStatus() throws Exception {
        for (String mode : List.of("legacy", "2026-07-28")) {
            Path dst = dir.resolve("plain-" + mode + ".bin");
            McpClientDriver.Report r = new McpClientDriver()
                    .client("client", mode)
                    .call("copy_path", McpClientDriver.JSON.convertValue(copyArgs(dst), ObjectNode.class))
                    .call("copy_status", args("copy_id", "c1", "yield_ms", 50000))
                    .run();
            JsonNode started = r.result(0);
            assertFalse(started.has("taskId"), started.toString());
            assertEquals("running", started.path("structuredContent").path("state").asText(), started.toString());
            assertEquals("c1", started.path("structuredContent").path("copy_id").asText());
            JsonNode finished = r.result(1).path("structuredContent");
            assertEquals("done", finished.path("state").asText(), finished.toString());
            assertEquals(sourceSha256, finished.path("sha256").asText());
            Files.delete(dst);
        }
    }

    private static ObjectNode copyArgs(Path dst) {
        // yield_ms 0: the copy answers at once, still running, so a client that takes tasks gets one.
        return args("src_exe_id", "local", "src_path", source.toString(), "dst_exe_id", "local", "dst_path", dst.toString(), "yield_ms", 0);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 20];
            for (int n; (n = in.read(b)) > 0; ) {
                sha.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void assertStdoutIsJsonRpc(String stdout) throws IOException {
        for (String line : stdout.split("\n")) {
            if (!line.isEmpty()) {
                assertEquals("2.0", McpClientDriver.JSON.readTree(line).path("jsonrpc").asText(), line);
            }
        }
    }
}
