package dev.exemux.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.util.function.BiFunction;

/** A test-only tool whose behaviour is a lambda; its output schema is {@code {echo: string}}. */
final class ScriptedTool implements Tool {

    private final ToolDefinition definition;
    private final BiFunction<ObjectNode, ToolContext, ToolResult> body;

    ScriptedTool(String name, boolean readOnly, BiFunction<ObjectNode, ToolContext, ToolResult> body) {
        this.definition = new ToolDefinition(name, "Test " + name, "A test tool.",
                Schema.object().optional("text", Schema.string("Text to echo.")).closed().build(),
                Schema.object().required("echo", Schema.string("The text.")).build(),
                readOnly, !readOnly, readOnly);
        this.body = body;
    }

    static ObjectNode echo(String text) {
        ObjectNode out = ServerHarness.JSON.createObjectNode();
        out.put("echo", text);
        return out;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ObjectNode arguments, ToolContext context) {
        return body.apply(arguments, context);
    }
}
