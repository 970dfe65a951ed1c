package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The 2026-07-28 era beside the legacy one, in-process over pipes. */
class ModernEraTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}";

    private static ScriptedTool echo() {
        return new ScriptedTool("echo", true, (args, ctx) -> {
            ctx.progress(1, null, "half way");
            return ToolResult.ok("echo: " + args.path("text").asText(""), ScriptedTool.echo(args.path("text").asText("")));
        });
    }

    private static String request(Object id, String method, String params) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    @Test
    void discoverListAndCallCarryResultTypeWithoutInitialize() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echo()))) {
            h.send(request(1, "server/discover", "{" + META + "}}"));
            JsonNode discover = h.next(WAIT).path("result");
            assertEquals("2026-07-28", discover.path("supportedVersions").get(0).asText());
            assertEquals("complete", discover.path("resultType").asText());
            assertTrue(discover.path("capabilities").has("tools"));

            h.send(request(2, "tools/list", "{" + META + "}}"));
            JsonNode tool = h.next(WAIT).path("result").path("tools").get(0);
            assertEquals("echo", tool.path("name").asText());
            assertTrue(tool.path("annotations").path("readOnlyHint").asBoolean());
            assertTrue(tool.has("outputSchema"));

            h.send(request(3, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}," + META + ",\"progressToken\":\"p\"}}"));
            JsonNode progress = h.next(WAIT);
            assertEquals("notifications/progress", progress.path("method").asText(), progress.toString());
            assertEquals("p", progress.path("params").path("progressToken").asText());
            JsonNode result = h.next(WAIT).path("result");
            assertEquals("complete", result.path("resultType").asText());
            assertEquals("hi", result.path("structuredContent").path("echo").asText());

            // The same server still serves a legacy conversation.
            h.initialize();
            h.send(request(4, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"old\"}}"));
            JsonNode legacy = h.next(WAIT).path("result");
            assertEquals("old", legacy.path("structuredContent").path("echo").asText());
            assertTrue(legacy.path("resultType").isMissingNode(), "no resultType in the legacy era");
        }
    }

    @Test
    void anUnsupportedRevisionGetsItsOwnErrorNamingTheServedOnes() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echo()))) {
            h.send(request(1, "tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2030-01-01\"}}"));
            JsonNode error = h.next(WAIT).path("error");
            assertEquals(-32022, error.path("code").asInt());
            assertEquals("2030-01-01", error.path("data").path("requested").asText());
            List<String> supported = new ArrayList<>();
            error.path("data").path("supported").forEach(v -> supported.add(v.asText()));
            assertEquals(ModernEra.SUPPORTED, supported);

            h.send(request(2, "tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}"));
            JsonNode missing = h.next(WAIT).path("error");
            assertEquals(-32602, missing.path("code").asInt());
            assertTrue(missing.path("message").asText().contains("clientCapabilities"), missing.toString());
        }
    }

    @Test
    void anUnknownToolIsNamedWithTheToolsThatExistInBothEras() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echo()))) {
            h.send(request(1, "tools/call", "{\"name\":\"ech\",\"arguments\":{}," + META + "}}"));
            JsonNode modern = h.next(WAIT).path("error");
            h.initialize();
            h.send(request(2, "tools/call", "{\"name\":\"ech\",\"arguments\":{}}"));
            JsonNode legacy = h.next(WAIT).path("error");
            for (JsonNode error : List.of(modern, legacy)) {
                assertEquals(-32602, error.path("code").asInt());
                assertEquals("Invalid params: Unknown tool: \"ech\". The tools are: echo.", error.path("message").asText());
            }
        }
    }

    @Test
    void cancellationStopsAModernCallAndItsResponseIsNotSent() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        ScriptedTool waiting = new ScriptedTool("wait", false, (args, ctx) -> {
            ctx.onCancel(killed::countDown);
            started.countDown();
            try {
                killed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.ok("done", ScriptedTool.echo("finished"));
        });
        try (ServerHarness h = new ServerHarness(List.of(waiting))) {
            h.send(request("m-1", "tools/call", "{\"name\":\"wait\",\"arguments\":{}," + META + "}}"));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"m-1\"}}");
            assertTrue(killed.await(20, TimeUnit.SECONDS), "the tool's cancel action ran");
            h.send(request(9, "server/discover", "{" + META + "}}"));
            assertEquals(9, h.next(WAIT).get("id").asInt(), "no response for the cancelled call");
            assertNull(h.poll(Duration.ofMillis(300)));
        }
    }

    @Test
    void taskMethodsNeedTheExtensionDeclaredAndAKnownTask() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echo()))) {
            h.send(request(1, "server/discover", "{" + META + "}}"));
            assertTrue(h.next(WAIT).path("result").path("capabilities").path("extensions").has(Tasks.EXTENSION));

            h.send(request(2, "tasks/get", "{\"taskId\":\"x\"," + META + "}}"));
            JsonNode undeclared = h.next(WAIT).path("error");
            assertEquals(-32021, undeclared.path("code").asInt(), undeclared.toString());
            assertTrue(undeclared.path("data").path("requiredCapabilities").path("extensions").has(Tasks.EXTENSION));

            String declared = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
            for (String method : List.of("tasks/get", "tasks/cancel", "tasks/update")) {
                h.send(request(3, method, "{\"taskId\":\"no-such-task\"," + declared + "}"));
                JsonNode unknown = h.next(WAIT).path("error");
                assertEquals(-32602, unknown.path("code").asInt(), method + ": " + unknown);
                assertTrue(unknown.path("message").asText().contains("Task not found"), unknown.toString());
            }
        }
    }
}
