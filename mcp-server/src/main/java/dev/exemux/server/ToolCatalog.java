package dev.exemux.server;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.tools.copy.CopyTools;
import dev.exemux.tools.files.FileTools;
import dev.exemux.tools.process.ProcessTools;
import dev.exemux.tools.spi.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the server's tool list is assembled. It owns what the tools share (e.g. the
 * process sessions), so closing it stops what they started.
 */
final class ToolCatalog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ToolCatalog.class);

    private final List<Tool> tools;
    private final List<AutoCloseable> owned;

    private ToolCatalog(List<Tool> tools, List<AutoCloseable> owned) {
        Set<String> names = new HashSet<>();
        for (Tool tool : tools) {
            if (!names.add(tool.definition().name())) {
                throw new IllegalStateException("Two tools are named " + tool.definition().name());
            }
        }
        this.tools = List.copyOf(tools);
        this.owned = List.copyOf(owned);
    }

    /** Every tool exemux offers, working on executors through {@code resolver}. */
    static ToolCatalog assemble(ExecutorResolver resolver, ExemuxConfig config) {
        List<Tool> tools = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        ProcessTools processes = ProcessTools.create(resolver);
        owned.add(processes); // kills the processes its sessions still run
        tools.addAll(processes.tools());
        tools.addAll(FileTools.create(resolver));
        RelayClient relay = relayClient(config);
        if (relay != null) {
            owned.add(relay);
        }
        tools.addAll(CopyTools.create(resolver, relay));
        return new ToolCatalog(tools, owned);
    }

    /**
     * The relay client when any relay variable is set (one that is incomplete says which variable is
     * missing when a copy falls back to streaming), else null: copies between executors stream.
     */
    private static RelayClient relayClient(ExemuxConfig config) {
        if (config.relayUrl() == null && config.relaySecret() == null && config.workspaceId() == null) {
            return null;
        }
        return new RelayClient(new RelaySettings(config.relayUrl(), config.relaySecret(), config.workspaceId()));
    }

    /** A catalog of given tools (tests). */
    static ToolCatalog of(List<Tool> tools) {
        return new ToolCatalog(tools, List.of());
    }

    List<Tool> tools() {
        return tools;
    }

    /** The tools allowed in read-only mode (those that change nothing anywhere), or all of them. */
    List<Tool> tools(boolean readOnlyOnly) {
        return readOnlyOnly ? tools.stream().filter(t -> t.definition().readOnly()).toList() : tools;
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
