package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, hostile input: a seeded stream of broken {@code tools/call} requests through the MCP
 * TypeScript client and malformed JSON-RPC lines written raw to stdin, against bin/exemux serving
 * {@code local} and a real codex exec-server behind the test gateway. No crash, no hang, every reply
 * well-formed, no stack trace and no -32603 anywhere.
 *
 * <p>{@code -Dexemux.hostile.calls=N} (default 10000), {@code -Dexemux.hostile.seed=S} (default 5),
 * {@code -Dexemux.hostile.hugeMax=chars} (default 4 MiB); {@code bench/hostile/run.sh} runs other sizes.
 */
class HostileInputEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 30_000;

    @Test
    void hostileInputNeverCrashesHangsOrLeaksAStackTrace() throws Exception {
        int calls = Integer.getInteger("exemux.hostile.calls", 10_000);
        long seed = Long.getLong("exemux.hostile.seed", 5);
        int hugeMax = Integer.getInteger("exemux.hostile.hugeMax", 4 << 20);
        Path sandbox = Files.createTempDirectory("exemux-hostile-");
        Files.createDirectories(sandbox.resolve("dir"));
        Files.writeString(sandbox.resolve("a.txt"), "one\ntwo\nthree\n");
        Files.writeString(sandbox.resolve("dir/b.txt"), "b\r\nb\r\n");
        Path casesFile = Path.of("target", "hostile-cases-" + seed + ".jsonl").toAbsolutePath(); // kept, to replay
        String token = "hostile-" + Long.toHexString(System.nanoTime());
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW); TestGateway gateway = TestGateway.start(token)) {
            gateway.route("box", peer);
            List<HostileInput.Case> cases = new HostileInput(seed, toolDefinitions(), List.of("local", "box", "nope"), sandbox, hugeMax)
                    .generate(calls, 10);
            HostileInput.write(cases, casesFile);

            JsonNode report = run(Map.of("EXEMUX_GATEWAY_URL", gateway.bridgeUrl(), "EXEMUX_TOKEN", token, "EXEMUX_LOCAL", "on"),
                    casesFile, 8);
            System.out.println("hostile input (seed " + seed + "): " + summary(report));

            assertEquals(calls, report.path("calls").asInt());
            assertTrue(report.path("violations").isEmpty(), () -> "violations: " + report.path("violations").toPrettyString()
                    + "\n" + report.path("stderrTail").asText());
            assertTrue(report.path("final").path("alive").asBoolean(), "the server was still running at the end: " + report.path("final"));
            assertTrue(report.path("final").path("ping").asBoolean(), "the server answered a final ping: " + report.path("final"));
            assertTrue(report.path("final").path("tools").asInt() >= 13, "and tools/list: " + report.path("final"));
            assertEquals(0, report.path("stderrStackTraces").asInt(), () -> "stack traces on stderr:\n" + report.path("stderrTail").asText());
            assertEquals(0, report.path("exitCode").asInt(), "exit code after the client closed stdin");
            assertTrue(report.path("maxLatencyMs").asLong() < DEADLINE_MS);
            assertFalse(report.path("counts").has("callError-32603"));
            Files.delete(casesFile); // kept only when something failed, to replay with hostile-driver.cjs
        } finally {
            try (Stream<Path> walk = Files.walk(sandbox)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The definitions exemux serves, straight from its catalog. */
    private static List<ToolDefinition> toolDefinitions() {
        ExemuxConfig config = ExemuxConfig.fromEnvironment(Map.of());
        ExecutorResolver resolver = Launcher.resolver(config);
        try (ToolCatalog catalog = ToolCatalog.assemble(resolver, config)) {
            return catalog.tools().stream().map(Tool::definition).toList();
        } finally {
            resolver.close();
        }
    }

    static String summary(JsonNode r) {
        return r.path("calls").asInt() + " tools/call + " + r.path("raws").asInt() + " raw lines in " + r.path("elapsedMs").asLong()
                + " ms; latency p50 " + r.path("p50LatencyMs").asLong() + " ms, p99 " + r.path("p99LatencyMs").asLong() + " ms, max "
                + r.path("maxLatencyMs").asLong() + " ms; outcomes " + r.path("counts") + "; stdout " + r.path("stdoutLines").asLong()
                + " lines / " + r.path("stdoutBytes").asLong() + " bytes; final " + r.path("final");
    }

    private static JsonNode run(Map<String, String> env, Path casesFile, int concurrency) throws Exception {
        ObjectNode scenario = JSON.createObjectNode()
                .put("casesFile", casesFile.toString())
                .put("concurrency", concurrency)
                .put("timeoutMs", DEADLINE_MS);
        SecretLeaks.in(env).forEach(scenario.putArray("secrets")::add);
        return McpClientDriver.runScript("hostile-driver.cjs", scenario, env, 170);
    }
}
