package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stdio front door: what a client sees for good, bad and cancelled traffic. */
class StdioProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(30); // generous: the machine is shared and often saturated

    private static ScriptedTool echoTool() {
        return new ScriptedTool("echo", true, (args, ctx) -> {
            String text = args.path("text").asText("");
            return ToolResult.ok("echo: " + text, ScriptedTool.echo(text));
        });
    }

    private static String call(Object id, String tool, String argsJson) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + argsJson + "}}";
    }

    @Test
    void malformedLinesGetJsonRpcErrorsAndTheServerCarriesOn() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echoTool()))) {
            h.initialize();
            h.send("this is not json");
            JsonNode parseError = h.next(WAIT);
            assertEquals(-32700, parseError.path("error").path("code").asInt());
            assertTrue(parseError.get("id").isNull());

            h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} trailing");
            assertEquals(-32700, h.next(WAIT).path("error").path("code").asInt());

            h.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
            JsonNode batch = h.next(WAIT);
            assertEquals(-32600, batch.path("error").path("code").asInt());
            assertTrue(batch.path("error").path("message").asText().contains("batches"));

            h.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42}");
            JsonNode badMethod = h.next(WAIT);
            assertEquals(-32600, badMethod.path("error").path("code").asInt());
            assertEquals(7, badMethod.get("id").asInt(), "the id is kept when it is readable");

            h.send("{\"id\":8,\"method\":\"ping\"}");
            assertEquals(-32600, h.next(WAIT).path("error").path("code").asInt());

            h.send("   ");
            h.send("\"just a string\"");
            assertEquals(-32600, h.next(WAIT).path("error").path("code").asInt());
            h.send(new String(new byte[] {'{', (byte) 0xff, '}'}, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertEquals(-32700, h.next(WAIT).path("error").path("code").asInt());

            // A bare CR between tokens is valid JSON that the SDK would split.
            h.send("{\"jsonrpc\":\"2.0\",\r\"id\":9,\"method\":\"ping\"}");
            JsonNode ping = h.next(WAIT);
            assertEquals(9, ping.get("id").asInt());
            assertTrue(ping.has("result"));

            h.send(call(10, "echo", "{\"text\":\"still alive\"}"));
            JsonNode reply = h.next(WAIT);
            assertEquals(10, reply.get("id").asInt());
            assertEquals("still alive", reply.path("result").path("structuredContent").path("echo").asText());
        }
    }

    @Test
    void wellFormedButUnexpectedMessagesDoNotStopTheServer() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echoTool()))) {
            h.initialize();
            h.send("{\"jsonrpc\":\"2.0\",\"id\":\"never-asked\",\"result\":{}}");
            h.send("{\"jsonrpc\":\"2.0\",\"id\":\"never-asked-2\",\"error\":{\"code\":1,\"message\":\"x\"}}");
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{}}");
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":12345}}");
            h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such/method\",\"extra\":true}");
            JsonNode unknown = h.next(WAIT);
            assertEquals(1, unknown.get("id").asInt());
            assertEquals(-32601, unknown.path("error").path("code").asInt(), unknown.toString());
            h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":5}}}");
            JsonNode badArgs = h.next(WAIT);
            assertEquals(2, badArgs.get("id").asInt());
            assertTrue(badArgs.path("result").path("isError").asBoolean(), "arguments against the schema: " + badArgs);
            h.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":\"not an object\"}");
            assertEquals(-32600, h.next(WAIT).path("error").path("code").asInt());
            h.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
            assertEquals(4, h.next(WAIT).get("id").asInt());
        }
    }

    @Test
    void oversizedMessageIsRefusedWithItsIdAndTheServerCarriesOn() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echoTool()), WAIT, WAIT, 4096)) {
            h.initialize();
            h.send(call(11, "echo", "{\"text\":\"" + "x".repeat(10_000) + "\"}"));
            JsonNode refused = h.next(WAIT);
            // A tool call is answered as the tool failing, naming the limit, so the model sees why.
            assertTrue(refused.path("result").path("isError").asBoolean(), refused.toString());
            String text = refused.path("result").path("content").path(0).path("text").asText();
            assertTrue(text.contains("echo") && text.contains("limit of 4096 bytes") && text.contains("append: true"), text);
            assertEquals(11, refused.get("id").asInt());
            h.send("{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"ping\",\"params\":{\"pad\":\"" + "z".repeat(10_000) + "\"}}");
            JsonNode notACall = h.next(WAIT);
            assertEquals(-32600, notACall.path("error").path("code").asInt());
            assertTrue(notACall.path("error").path("message").asText().contains("exceeds the limit"));
            assertEquals(14, notACall.get("id").asInt());
            // TypeScript clients put the id last.
            h.send("{\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + "y".repeat(10_000)
                    + "\"}},\"jsonrpc\":\"2.0\",\"id\":12}");
            assertEquals(12, h.next(WAIT).get("id").asInt());
            h.send(call(13, "echo", "{\"text\":\"small\"}"));
            assertEquals("small", h.next(WAIT).path("result").path("structuredContent").path("echo").asText());
        }
    }

    @Test
    void toolsListShowsAnnotationsAndOutputSchema() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echoTool(), new ScriptedTool("writer", false, (a, c) -> null)))) {
            h.initialize();
            h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode tools = h.next(WAIT).path("result").path("tools");
            assertEquals(2, tools.size());
            JsonNode echo = tools.get(0);
            assertEquals("echo", echo.path("name").asText());
            assertEquals("Test echo", echo.path("title").asText());
            assertEquals("object", echo.path("outputSchema").path("type").asText());
            assertEquals("string", echo.path("inputSchema").path("properties").path("text").path("type").asText());
            JsonNode annotations = echo.path("annotations");
            assertTrue(annotations.path("readOnlyHint").asBoolean());
            assertFalse(annotations.path("destructiveHint").asBoolean(true));
            assertTrue(annotations.path("idempotentHint").asBoolean());
            assertTrue(annotations.path("openWorldHint").asBoolean());
            assertTrue(tools.get(1).path("annotations").path("destructiveHint").asBoolean());
        }
    }

    @Test
    void failuresBecomeErrorResultsNeverJsonRpcErrors() throws Exception {
        ScriptedTool crashing = new ScriptedTool("crash", true, (a, c) -> {
            throw new IllegalStateException("internal detail");
        });
        ScriptedTool nothing = new ScriptedTool("nothing", true, (a, c) -> null);
        ScriptedTool refusing = new ScriptedTool("refuse", true, (a, c) -> {
            throw new dev.exemux.tools.spi.ToolException("Path must be absolute.");
        });
        ScriptedTool offline = new ScriptedTool("offline", true, (a, c) -> {
            throw new dev.exemux.executor.ExecutorOfflineException("box", "Executor 'box' is offline; try again later.", null);
        });
        try (ServerHarness h = new ServerHarness(List.of(crashing, nothing, refusing, offline))) {
            h.initialize();
            h.send(call(1, "crash", "{}"));
            JsonNode crash = h.next(WAIT).path("result");
            assertTrue(crash.path("isError").asBoolean());
            String text = crash.path("content").get(0).path("text").asText();
            assertTrue(text.contains("crash failed unexpectedly"), text);
            assertFalse(text.contains("at dev.exemux"), "no stack trace: " + text);

            h.send(call(2, "nothing", "{}"));
            assertTrue(h.next(WAIT).path("result").path("isError").asBoolean());

            h.send(call(3, "refuse", "{}"));
            JsonNode refused = h.next(WAIT).path("result");
            assertTrue(refused.path("isError").asBoolean());
            assertEquals("Path must be absolute.", refused.path("content").get(0).path("text").asText());

            h.send(call(4, "offline", "{}"));
            assertEquals("Executor 'box' is offline; try again later.",
                    h.next(WAIT).path("result").path("content").get(0).path("text").asText());
        }
    }

    @Test
    void cancellationStopsTheToolAndItsResponseIsNotSent() throws Exception {
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
            return ToolResult.ok("done", ScriptedTool.echo(ctx.isCancelled() ? "cancelled" : "finished"));
        });
        try (ServerHarness h = new ServerHarness(List.of(waiting))) {
            h.initialize();
            h.send(call("job-1", "wait", "{}"));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"job-1\",\"reason\":\"user\"}}");
            assertTrue(killed.await(20, TimeUnit.SECONDS), "the tool's cancel action ran");
            h.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}");
            JsonNode next = h.next(WAIT);
            assertEquals(99, next.get("id").asInt(), "no response for the cancelled call: " + next);
            assertNull(h.poll(Duration.ofMillis(300)));
            // The id is free again once the call ended, and a late cancellation is ignored.
            h.send(call("job-1", "wait", "{}"));
            JsonNode again = h.next(WAIT);
            assertEquals("job-1", again.get("id").asText());
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"job-1\"}}");
            h.send("{\"jsonrpc\":\"2.0\",\"id\":100,\"method\":\"ping\"}");
            assertEquals(100, h.next(WAIT).get("id").asInt());
        }
    }

    @Test
    void initializeCannotBeCancelled() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echoTool()))) {
            h.send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"harness\",\"version\":\"1\"}}}");
            h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"init\"}}");
            JsonNode reply = h.next(WAIT);
            assertEquals("init", reply.get("id").asText());
            assertTrue(reply.has("result"));
        }
    }

    @Test
    void progressReachesTheClientWhenItAskedForIt() throws Exception {
        ScriptedTool stepping = new ScriptedTool("steps", true, (args, ctx) -> {
            ctx.progress(1, 3.0, "one");
            ctx.progress(1, 3.0, "not increasing: dropped");
            ctx.progress(2, 3.0, "two");
            return ToolResult.ok("done", ScriptedTool.echo("done"));
        });
        try (ServerHarness h = new ServerHarness(List.of(stepping))) {
            h.initialize();
            h.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"steps\",\"arguments\":{},"
                    + "\"_meta\":{\"progressToken\":\"tok\"}}}");
            JsonNode first = h.next(WAIT);
            JsonNode second = h.next(WAIT);
            JsonNode result = h.next(WAIT);
            assertEquals("notifications/progress", first.path("method").asText());
            assertEquals("tok", first.path("params").path("progressToken").asText());
            assertEquals("one", first.path("params").path("message").asText());
            assertEquals("two", second.path("params").path("message").asText());
            assertEquals(5, result.get("id").asInt());

            h.send(call(6, "steps", "{}"));
            assertEquals(6, h.next(WAIT).get("id").asInt(), "no progress without a token");
        }
    }

    @Test
    void aToolThatOverrunsItsDeadlineIsAnsweredForAndStopped() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        ScriptedTool stuck = new ScriptedTool("stuck", true, (args, ctx) -> {
            ctx.onCancel(stopped::countDown);
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.ok("late", ScriptedTool.echo("late"));
        });
        try (ServerHarness h = new ServerHarness(List.of(stuck), Duration.ofMillis(200), WAIT, 1 << 20)) {
            h.initialize();
            long start = System.nanoTime();
            h.send(call(1, "stuck", "{}"));
            JsonNode result = h.next(WAIT).path("result");
            assertTrue(result.path("isError").asBoolean());
            assertTrue(result.path("content").get(0).path("text").asText().contains("did not finish"));
            assertTrue(stopped.await(10, TimeUnit.SECONDS), "what it started is stopped");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
        }
    }

    @Test
    void callsRunInParallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        ScriptedTool meet = new ScriptedTool("meet", true, (args, ctx) -> {
            both.countDown();
            try {
                return ToolResult.ok("met", ScriptedTool.echo(String.valueOf(both.await(20, TimeUnit.SECONDS))));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (ServerHarness h = new ServerHarness(List.of(meet))) {
            h.initialize();
            h.send(call(1, "meet", "{}"));
            h.send(call(2, "meet", "{}"));
            assertEquals("true", h.next(WAIT).path("result").path("structuredContent").path("echo").asText());
            assertEquals("true", h.next(WAIT).path("result").path("structuredContent").path("echo").asText());
        }
    }

    @Test
    void aSecondRequestWithAnIdStillRunningIsRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedTool hold = new ScriptedTool("hold", true, (args, ctx) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.ok("ok", ScriptedTool.echo("ok"));
        });
        try (ServerHarness h = new ServerHarness(List.of(hold))) {
            h.initialize();
            h.send(call(1, "hold", "{}"));
            h.send(call(1, "hold", "{}"));
            JsonNode refused = h.next(WAIT);
            assertEquals(-32600, refused.path("error").path("code").asInt());
            release.countDown();
            assertEquals("ok", h.next(WAIT).path("result").path("structuredContent").path("echo").asText());
        }
    }

    @Test
    void stdinEndAnswersWhatWasAskedThenEnds() throws Exception {
        try (ServerHarness h = new ServerHarness(List.of(echoTool()))) {
            h.initialize();
            h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            h.send(call(3, "echo", "{\"text\":\"last\"}"));
            h.closeStdin();
            long start = System.nanoTime();
            JsonNode a = h.next(WAIT);
            JsonNode b = h.next(WAIT);
            assertEquals(List.of(2, 3), List.of(a.get("id").asInt(), b.get("id").asInt()));
            h.server.awaitEnd();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "ended promptly once answered");
        }
    }
}
