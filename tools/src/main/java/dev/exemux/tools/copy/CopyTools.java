package dev.exemux.tools.copy;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.relay.CopyService;
import dev.exemux.relay.RelayClient;
import dev.exemux.tools.spi.Tool;
import java.util.List;

/** The copy tools: {@code copy_path}, within one executor or between two. */
public final class CopyTools {

    private CopyTools() {}

    /** @param relayOrNull the relay client (may be off), or null: copies between executors then stream */
    public static List<Tool> create(ExecutorResolver resolver, RelayClient relayOrNull) {
        return List.of(new CopyPathTool(resolver, new CopyService(relayOrNull)));
    }
}
