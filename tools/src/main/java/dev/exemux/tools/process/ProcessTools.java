package dev.exemux.tools.process;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.executors.ListExecutorsTool;
import dev.exemux.tools.spi.Tool;
import java.time.Duration;
import java.util.List;

/**
 * The process tools ({@code exec_command}, {@code write_stdin}, {@code read_output}, {@code kill_process},
 * {@code list_sessions}, {@code exec_many}, {@code wait_sessions}) and {@code list_executors}, sharing one
 * session registry. Close it to kill every process its tools started that is still running.
 */
public final class ProcessTools implements AutoCloseable {

    /**
     * @param retention how long an ended session stays readable after its exit was reported
     * @param maxSessions beyond this many, ended sessions are collected oldest first
     */
    public record Settings(Duration retention, int maxSessions) {

        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(5), 256);
    }

    private final SessionRegistry registry;
    private final List<Tool> tools;

    private ProcessTools(ExecutorResolver resolver, Settings settings) {
        this.registry = new SessionRegistry(settings.retention(), settings.maxSessions());
        this.tools = List.of(
                new ExecCommandTool(resolver, registry),
                new WriteStdinTool(registry),
                new ReadOutputTool(registry),
                new KillProcessTool(registry),
                new ListSessionsTool(registry),
                new ListExecutorsTool(resolver),
                new ExecManyTool(resolver, registry),
                new WaitSessionsTool(registry));
    }

    public static ProcessTools create(ExecutorResolver resolver) {
        return create(resolver, Settings.DEFAULTS);
    }

    public static ProcessTools create(ExecutorResolver resolver, Settings settings) {
        return new ProcessTools(resolver, settings);
    }

    public List<Tool> tools() {
        return tools;
    }

    /** For tests: the sessions kept now. */
    SessionRegistry registry() {
        return registry;
    }

    /** Kills what is still running (waiting at most a few seconds) and stops the timeout timer. */
    @Override
    public void close() {
        registry.close();
    }
}
