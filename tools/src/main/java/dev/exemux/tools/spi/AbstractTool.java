package dev.exemux.tools.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The boundary every tool shares: unknown arguments are refused, the rest are handed over as
 * {@link Args}, and nothing but a {@link ToolResult} ever escapes ({@link ToolErrors} maps failures).
 */
public abstract class AbstractTool implements Tool {

    private final ToolDefinition definition;

    protected AbstractTool(ToolDefinition definition) {
        this.definition = definition;
    }

    @Override
    public final ToolDefinition definition() {
        return definition;
    }

    @Override
    public final ToolResult call(ObjectNode arguments, ToolContext context) {
        try {
            rejectUnknownArguments(arguments);
            return run(new Args(arguments), context);
        } catch (Throwable t) {
            return ToolErrors.toResult(definition.name(), t);
        }
    }

    /** Validates every argument before touching an executor, then does the work; may throw {@link ToolException}. */
    protected abstract ToolResult run(Args args, ToolContext context);

    /** A misspelt argument (say {@code timeout} for {@code timeout_ms}) must not be silently ignored. */
    private void rejectUnknownArguments(ObjectNode arguments) {
        if (arguments == null) {
            return;
        }
        JsonNode known = definition.inputSchema().path("properties");
        arguments.fieldNames().forEachRemaining(name -> {
            if (!known.has(name)) {
                List<String> names = new ArrayList<>();
                known.fieldNames().forEachRemaining(names::add);
                throw new ToolException("Unknown argument '" + Args.echo(name) + "' for " + definition.name() + "; it takes "
                        + (names.isEmpty() ? "no arguments" : String.join(", ", names)) + ".");
            }
        });
    }
}
