package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shape MCP requires of {@code tools/call} params. The SDK answers a call that lacks it with a
 * -32603 whose message is a Jackson or NullPointerException text; the filter answers -32602 instead.
 */
final class ToolCallParams {

    private ToolCallParams() {}

    /** @return what is wrong with {@code params} (the message of a -32602 reply), or null */
    static String problem(JsonNode params) {
        if (params == null || !params.isObject()) {
            return "tools/call needs params {\"name\": <tool name>, \"arguments\": {...}}.";
        }
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            return "\"name\" must be the name of a tool (a non-empty string); see tools/list.";
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return "\"arguments\" must be an object of named arguments.";
        }
        return null;
    }
}
