package dev.exemux.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;

/**
 * Stands in for a tool that changes things while read-only mode is on: not listed, and a call gets an
 * error result saying why, whatever its arguments (its input schema accepts any object, so the
 * refusal is never masked by a validation error).
 */
final class ReadOnlyRefusal implements Tool {

    private final ToolDefinition definition;

    ReadOnlyRefusal(ToolDefinition refused) {
        ObjectNode anyObject = JsonNodeFactory.instance.objectNode().put("type", "object");
        this.definition = new ToolDefinition(refused.name(), refused.title(), refused.description(), anyObject, null,
                false, refused.destructive(), refused.idempotent());
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ObjectNode arguments, ToolContext context) {
        return ToolResult.error(definition.name() + " is not available: read-only mode is on (" + OperatorPolicy.READ_ONLY
                + ", set by the operator who started exemux), so only tools that change nothing can be used"
                + " (see tools/list). Nothing was changed.");
    }
}
