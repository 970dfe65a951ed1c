package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines the hostile-input run found to stop the server: ids the SDK cannot read (its reader then ends
 * for good and the server hangs), and tools/call params the SDK answers with a -32603 carrying Java
 * internals.
 */
class HostileLinesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ServerHarness server() throws Exception {
        ServerHarness h = new ServerHarness(List.of(new ScriptedTool("echo", true,
                (args, ctx) -> ToolResult.ok("ok", ScriptedTool.echo(args.path("text").asText())))));
        h.initialize();
        return h;
    }

    /** The server still answers. */
    private static void assertAlive(ServerHarness h, String id) throws Exception {
        h.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"ping\"}");
        JsonNode pong = h.next(WAIT);
        assertEquals(id, pong.path("id").asText(), pong.toString());
        assertTrue(pong.has("result"));
    }

    @Test
    void requestIdsTheSdkCannotReadGetAnInvalidRequestErrorAndTheServerCarriesOn() throws Exception {
        try (ServerHarness h = server()) {
            int n = 0;
            for (String id : List.of("null", "1.5", "1.0", "1e308", "123456789012345678901234567890", "-9223372036854775809")) {
                h.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
                JsonNode error = h.next(WAIT);
                assertEquals(-32600, error.path("error").path("code").asInt(), id + ": " + error);
                assertTrue(error.get("id").isNull(), error.toString());
                assertAlive(h, "after-" + n++);
            }
            h.send("{\"jsonrpc\":\"2.0\",\"id\":9223372036854775807,\"method\":\"ping\"}");
            assertEquals(Long.MAX_VALUE, h.next(WAIT).path("id").asLong(), "the largest long is a fine id");
        }
    }

    @Test
    void responsesWithIdsTheSdkCannotReadDoNotStopTheServer() throws Exception {
        try (ServerHarness h = server()) {
            h.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}");
            h.send("{\"jsonrpc\":\"2.0\",\"id\":2.5,\"error\":{\"code\":1,\"message\":\"x\"}}");
            assertAlive(h, "after"); // and nothing answers a response
        }
    }

    @Test
    void toolsCallWithParamsOfTheWrongShapeGetsInvalidParamsNotAnInternalError() throws Exception {
        try (ServerHarness h = server()) {
            List<String> params = List.of("", ",\"params\":[]", ",\"params\":{}", ",\"params\":{\"name\":{\"a\":1}}",
                    ",\"params\":{\"name\":\"\"}", ",\"params\":{\"name\":\"echo\",\"arguments\":5}",
                    ",\"params\":{\"name\":\"echo\",\"arguments\":[1,2]}", ",\"params\":{\"name\":\"echo\",\"arguments\":\"x\"}");
            int n = 0;
            for (String p : params) {
                String id = "call-" + n++;
                h.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\"" + p + "}");
                JsonNode error = h.next(WAIT);
                assertEquals(id, error.path("id").asText(), error.toString());
                assertEquals(-32602, error.path("error").path("code").asInt(), p + ": " + error);
                String message = error.path("error").path("message").asText();
                assertFalse(message.contains("Exception") || message.contains("java.") || message.contains("Cannot "), message);
            }
            h.send("{\"jsonrpc\":\"2.0\",\"id\":\"ok\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":null}}");
            JsonNode ok = h.next(WAIT);
            assertFalse(ok.path("result").path("isError").asBoolean(), "null arguments are no arguments: " + ok);
        }
    }
}
