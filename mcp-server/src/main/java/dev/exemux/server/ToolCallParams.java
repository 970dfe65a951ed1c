package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The shape MCP requires of {@code tools/call} params. The SDK answers a call that lacks it with a
 * -32603 whose message is a Jackson or NullPointerException text; the filter answers -32602 instead.
 */
final class ToolCallParams {

    private ToolCallParams() {}

    /** The tools served (listed or not) and those tools/list shows, for the unknown-tool answer. */
    record Names(Set<String> served, List<String> listed) {}

    /** @return what is wrong with {@code params} (the message of a -32602 reply), or null */
    static String problem(JsonNode params, Names tools) {
        if (params == null || !params.isObject()) {
            return "tools/call needs params {\"name\": <tool name>, \"arguments\": {...}}.";
        }
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            return "\"name\" must be the name of a tool (a non-empty string); see tools/list.";
        }
        if (!tools.served().contains(name.textValue())) {
            return "Unknown tool: " + quoted(name.textValue()) + ". The tools are: " + String.join(", ", tools.listed()) + ".";
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return "\"arguments\" must be an object of named arguments.";
        }
        return null;
    }

    /** The name as the client sent it, cut short and without control characters, so the answer stays one clean line. */
    private static String quoted(String name) {
        String clean = name.codePoints().limit(100)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "\"" + clean + (name.length() > 100 ? "..." : "") + "\"";
    }
}
