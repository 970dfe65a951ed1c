package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The MCP Java SDK 2.2.0's own 2026-07-28 client against the packaged bin/exemux: discover, list,
 * run, read, a tool error as {@code isError}, progress, and a call that the client gives up on (its
 * timeout cancels the request, and the process it started dies).
 */
class JavaModernClientEndToEndIT {

    @Test
    void theModernJavaClientWorksTheWholeSession() throws Exception {
        Path dir = Files.createTempDirectory("exemux-java-client-");
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello from java\n");
        Path pidFile = dir.resolve("sleeper.pid");
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(McpClientDriver.JSON);
        ServerParameters server = ServerParameters.builder(McpClientDriver.launcher().toString())
                .env(Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"), "SHLVL", "1"))
                .build();
        StringBuffer stderr = new StringBuffer();
        try (StdioMcpClientTransport transport = StdioMcpClientTransport.builder(server).jsonMapper(json)
                .stderrConsumer(line -> stderr.append(line).append('\n')).start()) {
            McpSyncClient client = McpClient.sync(transport).jsonMapper(json)
                    .clientInfo(McpSchema.Implementation.builder("exemux-e2e", "1.0.0").build())
                    .callTimeout(Duration.ofSeconds(60))
                    .build();

            McpSchema.DiscoverResult discover = client.discover();
            assertTrue(discover.supportedVersions().contains("2026-07-28"), discover.toString());

            List<String> names = client.listTools().list().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.containsAll(List.of("exec_command", "read_file", "copy_path")), names.toString());

            McpSchema.CallToolResult ran = client.tool("exec_command").arguments(Map.of("exe_id", "local", "command", "echo java")).call();
            assertFalse(Boolean.TRUE.equals(ran.isError()), ran.toString());
            assertEquals("java\n", ((Map<?, ?>) ran.structuredContent()).get("stdout"));

            McpSchema.CallToolResult read = client.tool("read_file").arguments(Map.of("exe_id", "local", "path", file.toString())).call();
            assertTrue(text(read).contains("hello from java"), read.toString());

            McpSchema.CallToolResult missing = client.tool("read_file")
                    .arguments(Map.of("exe_id", "local", "path", dir.resolve("missing").toString())).call();
            assertTrue(Boolean.TRUE.equals(missing.isError()), "a tool failure is an isError result: " + missing);

            List<McpSchema.ProgressParams> progress = new CopyOnWriteArrayList<>();
            assertThrows(RuntimeException.class, () -> client.tool("exec_command")
                    .arguments(Map.of("exe_id", "local", "command", "echo $$ > " + pidFile + "; echo started; exec sleep 60", "yield_ms", 30000))
                    .progress(progress::add)
                    .callTimeout(Duration.ofSeconds(4))
                    .call());
            assertFalse(progress.isEmpty(), "progress arrived while the call ran");

            McpSchema.CallToolResult check = client.tool("exec_command").arguments(Map.of("exe_id", "local",
                    "command", ClientMatrixEndToEndIT.gone(pidFile))).call();
            assertEquals("gone\n", ((Map<?, ?>) check.structuredContent()).get("stdout"), "the abandoned call's process was killed");
        }
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder b = new StringBuilder();
        result.content().forEach(c -> b.append(c instanceof McpSchema.TextContent t ? t.text() : ""));
        return b.toString();
    }
}
