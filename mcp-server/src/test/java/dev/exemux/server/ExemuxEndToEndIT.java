package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged bin/exemux driven by the real MCP TypeScript SDK client over stdio. */
class ExemuxEndToEndIT {

    @Test
    void initializeAndToolsListAndEveryStdoutLineIsJsonRpc() throws Exception {
        McpClientDriver.Report r = new McpClientDriver().listTools().run();
        assertEquals("exemux", r.json().path("serverInfo").path("name").asText());
        JsonNode tools = r.result(0).path("tools");
        for (JsonNode tool : tools) {
            String name = tool.path("name").asText();
            JsonNode a = tool.path("annotations");
            assertTrue(a.has("readOnlyHint") && a.has("destructiveHint") && a.has("idempotentHint"), name + " annotations");
            assertEquals("object", tool.path("outputSchema").path("type").asText(), name + " outputSchema");
            assertFalse(tool.path("description").asText().isBlank(), name + " description");
        }
        r.assertStdoutIsOnlyJsonRpc();
        assertEquals(0, r.exitCode(), "exits cleanly when the client closes stdin");
        assertTrue(r.json().path("clientErrors").isEmpty(), () -> "client errors: " + r.json().path("clientErrors"));
    }

    @Test
    void aMalformedLineGetsAParseErrorAndTheServerCarriesOn() throws Exception {
        McpClientDriver.Report r = new McpClientDriver()
                .raw("this is not JSON")
                .raw("{\"jsonrpc\":\"2.0\",\"id\":")
                .sleep(200)
                .listTools()
                .run();
        r.result(3);
        List<JsonNode> messages = r.assertStdoutIsOnlyJsonRpc();
        long parseErrors = messages.stream().filter(m -> m.path("error").path("code").asInt() == -32700).count();
        assertEquals(2, parseErrors, "one parse error per bad line");
        assertEquals(0, r.exitCode());
    }

    @Test
    void badConfigurationStopsStartUpWithOneLineNamingTheVariable() throws Exception {
        String secret = "tok-" + System.nanoTime();
        Result bad = runLauncher(Map.of("EXEMUX_GATEWAY_URL", "https://gw.example/bridge", "EXEMUX_TOKEN", secret));
        assertEquals(2, bad.exit);
        assertEquals("", bad.stdout, "nothing on stdout");
        String[] lines = bad.stderr.strip().split("\n");
        assertEquals(1, lines.length, () -> "one line: " + bad.stderr);
        assertTrue(lines[0].contains("EXEMUX_GATEWAY_URL"), lines[0]);
        assertFalse(bad.stderr.contains(secret));

        Result both = runLauncher(Map.of("EXEMUX_TOKEN", secret, "EXEMUX_TOKEN_FILE", "/etc/hostname"));
        assertEquals(2, both.exit);
        assertTrue(both.stderr.contains("EXEMUX_TOKEN"), both.stderr);
        assertFalse(both.stderr.contains(secret));
    }

    @Test
    void helpAndVersionPrintToStdoutAndExitZero() throws Exception {
        Result help = runLauncher(Map.of(), "--help");
        assertEquals(0, help.exit);
        for (String variable : List.of("EXEMUX_GATEWAY_URL", "EXEMUX_TOKEN", "EXEMUX_TOKEN_FILE", "EXEMUX_EXECUTORS",
                "EXEMUX_RELAY_URL", "EXEMUX_RELAY_SECRET", "EXEMUX_RELAY_SECRET_FILE", "EXEMUX_WORKSPACE_ID", "EXEMUX_LOCAL",
                "EXEMUX_LOG_LEVEL")) {
            assertTrue(help.stdout.contains(variable), "--help lists " + variable);
        }
        Result version = runLauncher(Map.of(), "--version");
        assertEquals(0, version.exit);
        assertTrue(version.stdout.matches("exemux \\S+\\n"), version.stdout);
        assertEquals(2, runLauncher(Map.of(), "--bogus").exit);
    }

    @Test
    void secretsNeverReachStdoutStderrOrResults() throws Exception {
        String token = "tok-" + Long.toHexString(System.nanoTime()) + "-secret";
        String relaySecret = "relay-" + Long.toHexString(System.nanoTime()) + "-secret";
        McpClientDriver driver = new McpClientDriver()
                .env("EXEMUX_EXECUTORS", "dead=ws://127.0.0.1:9")
                .env("EXEMUX_TOKEN", token)
                .env("EXEMUX_RELAY_URL", "https://127.0.0.1:9/relay")
                .env("EXEMUX_RELAY_SECRET", relaySecret)
                .env("EXEMUX_WORKSPACE_ID", "ws-1")
                .env("EXEMUX_LOCAL", "on")
                .env("EXEMUX_LOG_LEVEL", "debug")
                .listTools()
                .raw("not json either");
        driver.call("stat_path", args("exe_id", "dead", "path", "/"))
                .call("list_directory", args("exe_id", "dead", "path", "/tmp"))
                .call("stat_path", args("exe_id", "nope", "path", "/"))
                .call("exec_command", args("exe_id", "dead", "command", "true"))
                .call("list_executors", args())
                .call("copy_path", args("src_exe_id", "local", "src_path", "/etc/hostname", "dst_exe_id", "dead",
                        "dst_path", "/tmp/exemux-secrets-test"));
        McpClientDriver.Report r = driver.run();
        r.assertStdoutIsOnlyJsonRpc();
        r.assertNowhere(token);
        r.assertNowhere(relaySecret);
        assertTrue(r.stderr().contains("token=set"), "the debug log did describe the configuration");
        JsonNode dead = r.result(2);
        assertTrue(dead.path("isError").asBoolean(), dead.toString());
        assertTrue(McpClientDriver.Report.text(dead).contains("dead"), "the error names the executor: " + dead);
        JsonNode unknown = r.result(4);
        assertTrue(unknown.path("isError").asBoolean());
        assertTrue(McpClientDriver.Report.text(unknown).contains("local, dead"), "unknown ids list those that exist: " + unknown);
        assertTrue(r.result(5).path("isError").asBoolean());
        assertTrue(McpClientDriver.Report.text(r.result(6)).contains("dead"), "list_executors shows the failing one");
        assertTrue(r.result(7).path("isError").asBoolean(), r.result(7).toString());
    }

    @Test
    void anOversizedWriteIsAToolErrorNamingTheLimitAndPiecesWithAppendGoThrough() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("exemux-e2e-");
        String file = dir.resolve("big.txt").toString();
        McpClientDriver.Report r = new McpClientDriver()
                .call("write_file", args("exe_id", "local", "path", file, "content", "x".repeat(33 << 20)))
                .call("write_file", args("exe_id", "local", "path", file, "content", "a".repeat(1000)))
                .call("write_file", args("exe_id", "local", "path", file, "content", "b".repeat(1000), "append", true))
                .call("stat_path", args("exe_id", "local", "path", file))
                .run();
        JsonNode refused = r.result(0);
        assertTrue(refused.path("isError").asBoolean(), refused.toString());
        String text = McpClientDriver.Report.text(refused);
        assertTrue(text.contains("write_file") && text.contains("32 MiB") && text.contains("append: true"), text);
        for (int i = 1; i < 4; i++) {
            assertFalse(r.result(i).path("isError").asBoolean(), r.result(i).toString());
        }
        assertEquals(2000, r.result(3).path("structuredContent").path("size").asLong());
        assertEquals("a".repeat(1000) + "b".repeat(1000), java.nio.file.Files.readString(dir.resolve("big.txt")));
        r.assertStdoutIsOnlyJsonRpc();
        assertEquals(0, r.exitCode());
    }

    @Test
    void fileToolsWorkOnLocal() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("exemux-e2e-");
        String file = dir.resolve("notes.txt").toString();
        McpClientDriver.Report r = new McpClientDriver()
                .call("write_file", args("exe_id", "local", "path", file, "content", "alpha\nbeta\n"))
                .call("edit_file", args("exe_id", "local", "path", file, "old_string", "beta", "new_string", "gamma"))
                .call("read_file", args("exe_id", "local", "path", file))
                .call("stat_path", args("exe_id", "local", "path", file))
                .call("read_file", args("exe_id", "local", "path", dir.resolve("missing").toString()))
                .run();
        for (int i = 0; i < 4; i++) {
            JsonNode result = r.result(i);
            assertFalse(result.path("isError").asBoolean(), () -> "call failed: " + result);
            assertTrue(result.has("structuredContent"), () -> "structured content: " + result);
        }
        assertEquals("alpha\ngamma\n", java.nio.file.Files.readString(dir.resolve("notes.txt")));
        assertTrue(McpClientDriver.Report.text(r.result(2)).contains("gamma"));
        JsonNode missing = r.result(4);
        assertTrue(missing.path("isError").asBoolean());
        assertFalse(McpClientDriver.Report.text(missing).contains("\tat "), "no stack trace");
        r.assertStdoutIsOnlyJsonRpc();
    }

    record Result(int exit, String stdout, String stderr) {}

    /** Runs bin/exemux with a clean environment plus {@code env}, stdin closed at once. */
    static Result runLauncher(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(McpClientDriver.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("EXEMUX_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // ended
            }
        });
        t.start();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exemux exited");
        t.join(5000);
        Result result = new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        SecretLeaks.assertNone(SecretLeaks.in(env), Map.of("stdout", result.stdout(), "stderr", result.stderr()));
        return result;
    }
}
