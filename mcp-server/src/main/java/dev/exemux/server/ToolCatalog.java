package dev.exemux.server;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The one place where the server's tool list is assembled. */
final class ToolCatalog {

    private ToolCatalog() {}

    /** Every tool exemux offers, working on executors through {@code resolver}. */
    static List<Tool> assemble(ExecutorResolver resolver, ExemuxConfig config) {
        List<Tool> tools = new ArrayList<>();
        return checked(tools);
    }

    /** The tools allowed in read-only mode (those that change nothing anywhere), or all of them. */
    static List<Tool> filter(List<Tool> tools, boolean readOnlyOnly) {
        return readOnlyOnly ? tools.stream().filter(t -> t.definition().readOnly()).toList() : List.copyOf(tools);
    }

    static List<Tool> checked(List<Tool> tools) {
        Set<String> names = new HashSet<>();
        for (Tool tool : tools) {
            if (!names.add(tool.definition().name())) {
                throw new IllegalStateException("Two tools are named " + tool.definition().name());
            }
        }
        return List.copyOf(tools);
    }
}
