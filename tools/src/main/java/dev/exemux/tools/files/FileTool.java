package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolErrors;
import dev.exemux.tools.spi.ToolResult;

/** Common boundary of the file tools: arguments parsed, and nothing but a result ever escapes. */
abstract class FileTool implements Tool {

    protected final ExecutorResolver resolver;
    private final ToolDefinition definition;

    FileTool(ExecutorResolver resolver, ToolDefinition definition) {
        this.resolver = resolver;
        this.definition = definition;
    }

    @Override
    public final ToolDefinition definition() {
        return definition;
    }

    @Override
    public final ToolResult call(ObjectNode arguments, ToolContext context) {
        try {
            return run(new Args(arguments), context);
        } catch (Throwable t) {
            return ToolErrors.toResult(definition.name(), t);
        }
    }

    /** An input schema starting with the two arguments every file tool takes. */
    static Schema input(String pathDescription) {
        return Schema.object()
                .required("exe_id", Schema.string("The executor to work on (see list_executors)."))
                .required("path", Schema.string(pathDescription));
    }

    /** Validates every argument before opening the executor, then does the work. */
    protected abstract ToolResult run(Args args, ToolContext context);
}
