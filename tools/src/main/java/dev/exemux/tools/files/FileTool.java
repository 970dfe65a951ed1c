package dev.exemux.tools.files;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolDefinition;

/** What the file tools share: the executor resolver and the two arguments every one of them takes. */
abstract class FileTool extends AbstractTool {

    protected final ExecutorResolver resolver;

    FileTool(ExecutorResolver resolver, ToolDefinition definition) {
        super(definition);
        this.resolver = resolver;
    }

    /** An input schema starting with the two arguments every file tool takes. */
    static Schema input(String pathDescription) {
        return Schema.object()
                .required("exe_id", Schema.exeId())
                .required("path", Schema.string(pathDescription));
    }
}
