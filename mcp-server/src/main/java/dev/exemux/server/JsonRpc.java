package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 replies the server sends itself, outside the SDK (errors, and tool errors for calls it cannot run). */
final class JsonRpc {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;

    /** Where the filter records a tools/call's JSON-RPC id (the SDK does not pass it to handlers). */
    static final String CALL_KEY_META = "dev.exemux/request-id";

    private JsonRpc() {}

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("jsonrpc", "2.0");
        reply.set("id", id == null ? NullNode.getInstance() : id);
        reply.putObject("error").put("code", code).put("message", message);
        return reply;
    }

    /** A tools/call answered with an {@code isError} tool result, as a tool's own failure would be. */
    static ObjectNode toolError(JsonNode id, String message) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("jsonrpc", "2.0");
        reply.set("id", id);
        ObjectNode result = reply.putObject("result");
        result.putArray("content").addObject().put("type", "text").put("text", message);
        result.put("isError", true);
        return reply;
    }

    /** The key of a request id in {@link InFlightRequests}: its JSON text. */
    static String key(JsonNode id) {
        return id.toString();
    }

    /**
     * An id the SDK accepts: a string or an integer that fits in a long. (JSON-RPC also allows null and
     * fractions, but the SDK's reader stops for good on those, and MCP forbids them.)
     */
    static boolean isValidId(JsonNode id) {
        return id.isTextual() || id.isIntegralNumber() && id.canConvertToLong();
    }
}
