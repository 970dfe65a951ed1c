package dev.exemux.server;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.local.LocalExecutor;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the configured executors and tools into a server and runs it until stdin ends. */
final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {}

    /** @return the process exit code */
    static int serve(ExemuxConfig config, InputStream stdin, OutputStream stdout) {
        log.debug("Starting with {}", config);
        ExecutorResolver resolver = resolver(config);
        ToolCatalog catalog = ToolCatalog.assemble(resolver, config);
        ExemuxServer server = ExemuxServer.start(stdin, stdout, catalog.tools(), catalog::listed, Usage.version(),
                ExemuxServer.Options.defaults());
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                shutdown(server, catalog, resolver);
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
        return AllowedExecutors.wrap(
                new CompositeResolver(local, remote, List.copyOf(config.executors().keySet()), config.gatewayUrl() != null),
                config.policy());
    }

    /** Stops running calls, then what the tools started, then the executors (on SIGTERM too). */
    private static void shutdown(ExemuxServer server, ToolCatalog catalog, ExecutorResolver resolver) {
        server.close();
        catalog.close();
        resolver.close();
    }
}
