package dev.exemux.tools.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool's answer: text written for a model to read, plus structured content matching the tool's
 * output schema (null on errors).
 */
public record ToolResult(String text, ObjectNode structured, boolean isError) {

    public static ToolResult ok(String text, ObjectNode structured) {
        return new ToolResult(text, structured, false);
    }

    public static ToolResult error(String message) {
        return new ToolResult(message, null, true);
    }
}
