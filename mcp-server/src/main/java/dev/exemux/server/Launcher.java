package dev.exemux.server;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.bridge.GatewayDirectory;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.local.LocalExecutor;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the configured executors and tools into a server and runs it until stdin ends. */
final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    /** How long the second caller of the shutdown waits for the first. */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(15);

    /** How long children get between SIGTERM and SIGKILL at shutdown. */
    private static final Duration CHILD_GRACE = Duration.ofSeconds(2);

    private Launcher() {}

    /** @return the process exit code */
    static int serve(ExemuxConfig config, InputStream stdin, OutputStream stdout) {
        log.debug("Starting with {}", config);
        ExecutorResolver resolver = resolver(config);
        ToolCatalog catalog = ToolCatalog.assemble(resolver, config);
        ExemuxServer server = ExemuxServer.start(stdin, stdout, catalog.tools(), catalog::listed, Usage.version(),
                ExemuxServer.Options.defaults());
        // Runs once, from whichever comes first (end of stdin or SIGTERM); the other waits for it,
        // because the JVM halts as soon as its shutdown hook returns.
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable shutdown = () -> {
            if (started.compareAndSet(false, true)) {
                try {
                    shutdown(server, catalog, resolver);
                } finally {
                    done.complete(null);
                }
            } else {
                try {
                    done.get(SHUTDOWN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    log.debug("Shutdown did not finish in time: {}", e.toString());
                }
            }
        };
        Thread hook = new Thread(shutdown, "exemux-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("stdin closed; shutting down");
        shutdown.run();
        return 0;
    }

    static ExecutorResolver resolver(ExemuxConfig config) {
        Supplier<Executor> local = config.localEnabled() ? LocalExecutor::new : null;
        Supplier<ExecutorResolver> remote = config.hasRemote()
                ? () -> new ExecutorPool(BridgeSettings.of(config.gatewayUrl(), config.token(), config.executors()))
                : null;
        // Discovery needs the workspace to ask about; without EXEMUX_WORKSPACE_ID the gateway is not asked.
        Supplier<GatewayDirectory> discovery = config.gatewayUrl() != null && config.workspaceId() != null
                ? () -> new GatewayDirectory(config.gatewayUrl(), config.token(), config.workspaceId())
                : null;
        return AllowedExecutors.wrap(new CompositeResolver(local, remote, List.copyOf(config.executors().keySet()),
                config.gatewayUrl() != null, discovery), config.policy());
    }

    /**
     * Stops running calls, what the tools started and the executors (on SIGTERM too), each step on its
     * own so one failing cannot leave the others undone; then anything this process still has running
     * below it (what `local` started) is killed, so nothing outlives exemux.
     */
    private static void shutdown(ExemuxServer server, ToolCatalog catalog, ExecutorResolver resolver) {
        step("tool calls", server::cancelCalls);
        step("tool sessions", catalog::close);
        step("executors", resolver::close);
        step("child processes", () -> ChildProcesses.stop(CHILD_GRACE));
        step("MCP server", server::close);
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.debug("Stopping the {} failed: {}", what, e.toString());
        }
    }
}
