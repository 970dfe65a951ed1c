package dev.exemux.tools.copy;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.relay.CopyService;
import dev.exemux.relay.RelayClient;
import dev.exemux.tools.spi.Tool;
import java.time.Duration;
import java.util.List;

/**
 * The copy tools: {@code copy_path}, within one executor or between two, and {@code copy_status} for a
 * copy that outlives its call. Closing them cancels the copies still running.
 */
public final class CopyTools implements AutoCloseable {

    /** How long a finished copy's outcome stays readable through copy_status. */
    private static final Duration RETENTION = Duration.ofMinutes(30);
    private static final int MAX_RUNNING = 16;

    private final CopyJobs jobs;
    private final List<Tool> tools;

    private CopyTools(ExecutorResolver resolver, RelayClient relayOrNull) {
        this.jobs = new CopyJobs(RETENTION, MAX_RUNNING);
        this.tools = List.of(new CopyPathTool(resolver, new CopyService(relayOrNull), jobs), new CopyStatusTool(jobs));
    }

    /** @param relayOrNull the relay client (may be off), or null: copies between executors then stream */
    public static CopyTools create(ExecutorResolver resolver, RelayClient relayOrNull) {
        return new CopyTools(resolver, relayOrNull);
    }

    public List<Tool> tools() {
        return tools;
    }

    @Override
    public void close() {
        jobs.close();
    }
}
