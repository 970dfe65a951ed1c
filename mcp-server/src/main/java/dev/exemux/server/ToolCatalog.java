package dev.exemux.server;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.tools.copy.CopyTools;
import dev.exemux.tools.files.FileTools;
import dev.exemux.tools.process.ProcessTools;
import dev.exemux.tools.search.SearchFilesTool;
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
        tools.add(new SearchFilesTool(resolver));
        tools.addAll(copyTools(resolver, config, owned));
        if (config.policy().readOnly()) {
            // Served only to refuse them clearly; ExemuxServer leaves them out of tools/list.
            tools.replaceAll(t -> t.definition().readOnly() ? t : new ReadOnlyRefusal(t.definition()));
        }
        return new ToolCatalog(tools, owned);
    }

    /** Whether tools/list shows the tool: every tool but read-only mode's refusals. */
    boolean listed(String name) {
        return tools.stream().anyMatch(t -> t.definition().name().equals(name) && !(t instanceof ReadOnlyRefusal));
    }

    /**
     * copy_path and copy_status. With any relay variable set they get a relay client (an incomplete one
     * says which variable is missing when a copy falls back to streaming), built on the first copy: the
     * HTTP stack it loads would slow start-up. With none set, copies between executors stream. Closing
     * the catalog cancels the copies still running.
     */
    private static List<Tool> copyTools(ExecutorResolver resolver, ExemuxConfig config, List<AutoCloseable> owned) {
        if (config.relayUrl() == null && config.relaySecret() == null && config.workspaceId() == null) {
            CopyTools copies = CopyTools.create(resolver, null);
            owned.add(copies);
            return copies.tools();
        }
        Lazy<RelayClient> relay = new Lazy<>(() ->
                new RelayClient(new RelaySettings(config.relayUrl(), config.relaySecret(), config.workspaceId(),
                        config.relayHosts())));
        Lazy<CopyTools> real = new Lazy<>(() -> CopyTools.create(resolver, relay.get()));
        owned.add(() -> {
            CopyTools copies = real.getIfCreated();
            if (copies != null) {
                copies.close(); // before the relay client its copies use
            }
            RelayClient client = relay.getIfCreated();
            if (client != null) {
                client.close();
            }
        });
        List<Tool> deferred = new ArrayList<>();
        try (CopyTools standIns = CopyTools.create(resolver, null)) { // their definitions only
            for (Tool standIn : standIns.tools()) {
                String name = standIn.definition().name();
                deferred.add(new DeferredTool(standIn.definition(), () -> real.get().tools().stream()
                        .filter(t -> t.definition().name().equals(name)).findFirst().orElseThrow()));
            }
        }
        return deferred;
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
