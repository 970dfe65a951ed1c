package dev.exemux.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.util.function.Supplier;

/**
 * A tool listed at start-up whose real instance is built on its first call, for tools whose
 * dependencies are expensive to create (the relay client loads an HTTP stack: ~100 ms of start-up).
 */
final class DeferredTool implements Tool {

    private final ToolDefinition definition;
    private final Lazy<Tool> real;

    /** @param definition what the real tool will report (taken from a cheap stand-in) */
    DeferredTool(ToolDefinition definition, Supplier<Tool> real) {
        this.definition = definition;
        this.real = new Lazy<>(real);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ObjectNode arguments, ToolContext context) {
        return real.get().call(arguments, context);
    }
}
