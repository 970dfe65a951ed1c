package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.testing.CodexRelease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a scenario through the real MCP TypeScript SDK client ({@code src/test/js/mcp-driver.cjs})
 * against the packaged {@code bin/exemux}, and returns its report: every step's outcome plus the raw
 * bytes the server wrote to stdout and stderr.
 */
final class McpClientDriver {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode scenario = JSON.createObjectNode();
    private final ArrayNode steps = scenario.putArray("steps");
    private final Map<String, String> env = new LinkedHashMap<>();

    /** The launcher under test: {@code -Dexemux.launcher} (set by failsafe), else the repo's bin/exemux. */
    static Path launcher() {
        String configured = System.getProperty("exemux.launcher");
        Path p = configured != null ? Path.of(configured) : Path.of("..", "bin", "exemux");
        return p.toAbsolutePath().normalize();
    }

    static Path sdkNodeModules() {
        Path modules = CodexRelease.peerCache().resolve("mcp-client").resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("@modelcontextprotocol").resolve("sdk"))) {
            String hint = "the MCP TypeScript client is not installed in " + modules + ": run scripts/install-peers.sh";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(hint);
            }
            Assumptions.abort(hint);
        }
        return modules;
    }

    /**
     * Which client drives the server: {@code sdk} (the 2025-era {@code @modelcontextprotocol/sdk}, the
     * default) or {@code client} ({@code @modelcontextprotocol/client} 2.x) with its version negotiation
     * {@code mode}: {@code legacy}, {@code auto} or a pinned revision such as {@code 2026-07-28}.
     */
    McpClientDriver client(String client, String mode) {
        scenario.put("client", client).put("mode", mode);
        return this;
    }

    /** Starts {@code launcher} instead of the checkout's bin/exemux (e.g. an installed distribution). */
    McpClientDriver command(Path launcher) {
        scenario.put("command", launcher.toString());
        return this;
    }

    McpClientDriver env(String name, String value) {
        env.put(name, value);
        return this;
    }

    McpClientDriver listTools() {
        steps.addObject().put("op", "listTools");
        return this;
    }

    McpClientDriver call(String tool, ObjectNode arguments) {
        ObjectNode s = steps.addObject().put("op", "call").put("name", tool);
        s.set("arguments", arguments);
        return this;
    }

    /** A call with progress requested, cancelled by the client after {@code cancelAfterMs} (0: never). */
    McpClientDriver call(String tool, ObjectNode arguments, boolean progress, long cancelAfterMs) {
        call(tool, arguments);
        ObjectNode s = (ObjectNode) steps.get(steps.size() - 1);
        s.put("progress", progress);
        if (cancelAfterMs > 0) {
            s.put("cancelAfterMs", cancelAfterMs);
        }
        return this;
    }

    /** A call whose {@code session_id} argument is the session of the latest result that had one. */
    McpClientDriver callOnLastSession(String tool, ObjectNode arguments) {
        call(tool, arguments);
        ((ObjectNode) steps.get(steps.size() - 1)).put("lastSession", true);
        return this;
    }

    McpClientDriver raw(String line) {
        steps.addObject().put("op", "raw").put("line", line);
        return this;
    }

    McpClientDriver sleep(long ms) {
        steps.addObject().put("op", "sleep").put("ms", ms);
        return this;
    }

    static ObjectNode args(Object... keyValues) {
        ObjectNode a = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            a.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return a;
    }

    Report run() throws Exception {
        JsonNode report = runScript("mcp-driver.cjs", scenario, env, 150);
        Report r = new Report(report);
        // Every end-to-end run is checked for leaked secrets here, whatever the test itself asserts.
        SecretLeaks.assertNone(SecretLeaks.in(env), Map.of("stdout", r.stdout(), "stderr", r.stderr(), "tool results",
                r.json().path("steps").toString()));
        return r;
    }

    /** The server gets a clean, explicit environment: PATH/HOME (and JAVA_HOME) plus what the test sets. */
    static void serverEnv(ObjectNode serverEnv, Map<String, String> env) {
        serverEnv.put("PATH", System.getenv("PATH"));
        serverEnv.put("HOME", System.getProperty("user.home"));
        if (System.getenv("JAVA_HOME") != null) {
            serverEnv.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        env.forEach(serverEnv::put);
    }

    /**
     * Runs a node driver from {@code src/test/js} against bin/exemux: {@code scenario} plus the
     * launcher and the server's clean, explicit environment (PATH/HOME plus {@code env}) goes to its
     * stdin, its JSON report comes back.
     */
    static JsonNode runScript(String script, ObjectNode scenario, Map<String, String> env, long limitSeconds) throws Exception {
        if (!scenario.has("command")) {
            scenario.put("command", launcher().toString());
        }
        serverEnv(scenario.putObject("env"), env);
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src", "test", "js", script).toAbsolutePath().toString());
        pb.environment().put("NODE_PATH", sdkNodeModules().toString());
        pb.environment().put("SHLVL", "1");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process node = pb.start();
        CompletableFuture<byte[]> out = drain(node.getInputStream());
        try (OutputStream in = node.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(scenario));
        }
        if (!node.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            throw new AssertionError(script + " did not finish within " + limitSeconds + " s");
        }
        JsonNode report = JSON.readTree(out.get(10, TimeUnit.SECONDS));
        assertFalse(report.has("fatal"), () -> script + " failed: " + report.path("fatal").asText());
        return report;
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What the client saw. */
    record Report(JsonNode json) {

        JsonNode step(int i) {
            return json.path("steps").get(i);
        }

        /** The result of step {@code i}, which must have succeeded at the protocol level. */
        JsonNode result(int i) {
            JsonNode s = step(i);
            assertTrue(s.path("ok").asBoolean(), () -> "step " + i + " failed: " + s);
            return s.path("result");
        }

        /** The text of a tool result. */
        static String text(JsonNode callResult) {
            StringBuilder b = new StringBuilder();
            callResult.path("content").forEach(c -> b.append(c.path("text").asText()));
            return b.toString();
        }

        String stdout() {
            return json.path("stdout").asText();
        }

        String stderr() {
            return json.path("stderr").asText();
        }

        /** Asserts every line the server wrote to stdout is a JSON-RPC 2.0 message; returns them. */
        List<JsonNode> assertStdoutIsOnlyJsonRpc() throws IOException {
            List<JsonNode> messages = new ArrayList<>();
            String raw = stdout();
            assertTrue(raw.isEmpty() || raw.endsWith("\n"), "stdout ends with a complete line");
            for (String line : raw.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode m = JSON.readTree(line);
                assertTrue(m.isObject(), () -> "not a JSON object on stdout: " + line);
                assertEquals("2.0", m.path("jsonrpc").asText(), () -> "not JSON-RPC 2.0 on stdout: " + line);
                assertTrue(m.has("method") || m.has("result") || m.has("error"), () -> "not a JSON-RPC message: " + line);
                messages.add(m);
            }
            return messages;
        }

        /** Asserts {@code secret} appears nowhere the client or its user could see. */
        void assertNowhere(String secret) {
            assertFalse(stdout().contains(secret), "secret on stdout");
            assertFalse(stderr().contains(secret), "secret on stderr");
            assertFalse(json.path("steps").toString().contains(secret), "secret in a result");
        }

        int exitCode() {
            return json.path("exitCode").asInt(-1);
        }

        String stepsText() {
            return new String(json.path("steps").toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
    }
}
