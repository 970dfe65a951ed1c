package dev.exemux.bridge;

import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.ExeIds;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lazily dialed exec-server session per exe_id, in gateway mode ({@code <gateway>/<exe_id>}) or
 * direct mode (configured URLs), shared by every caller. {@link #resolve} never dials: the first call
 * on the returned {@link Executor} does, once however many callers race for it. A slow or dead
 * exe_id never delays another; idle connections are closed; closing the pool is idempotent.
 */
public final class ExecutorPool implements ExecutorResolver {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExecutorPool.class);

    private final BridgeSettings settings;
    private final PoolResources resources;
    private final Map<String, RemoteExecutor> executors = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public ExecutorPool(BridgeSettings settings) {
        this(settings, PoolResources.BREAKER_PAUSE);
    }

    /** With a shorter breaker pause, for tests of an executor that comes back. */
    ExecutorPool(BridgeSettings settings, java.time.Duration breakerPause) {
        this.settings = settings;
        this.resources = new PoolResources(settings, breakerPause);
        long idleMs = settings.idleTimeout().toMillis();
        long sweepMs = Math.max(50, Math.min(idleMs / 4, 30_000));
        resources.timer().scheduleWithFixedDelay(() -> executors.values().forEach(e -> {
            try {
                e.closeIfIdle(TimeUnit.MILLISECONDS.toNanos(idleMs));
            } catch (RuntimeException ex) {
                // A periodic task that throws is never run again: one bad close must not end idle eviction.
                log.warn("closing the idle connection to executor {} failed: {}", e.id(), ex.toString());
            }
        }), sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    }

    /** True when this pool can serve {@code exeId} (configured directly, or any id through a gateway). */
    public boolean serves(String exeId) {
        return settings.directExecutors().containsKey(exeId) || settings.gatewayUrl() != null;
    }

    @Override
    public Executor resolve(String exeId) {
        String problem = ExeIds.problem(exeId);
        if (problem != null) {
            throw new UnknownExecutorException(null, "Invalid exe_id: " + problem + "." + knownIds());
        }
        if (closed.get()) {
            throw new ConnectionLostException(exeId, "exemux is shutting down; executor '" + exeId + "' can no longer be reached.", null);
        }
        String url = urlFor(exeId);
        if (url == null) {
            throw new UnknownExecutorException(exeId, "Unknown exe_id '" + exeId + "'." + knownIds());
        }
        // An id the gateway does not know (404) is forgotten again, so invented ids neither pile up nor
        // show in list(); the caller still gets the error.
        return executors.computeIfAbsent(exeId, id -> new RemoteExecutor(id, url, resources, self -> executors.remove(id, self)));
    }

    private String urlFor(String exeId) {
        URI direct = settings.directExecutors().get(exeId);
        if (direct != null) {
            return direct.toString();
        }
        if (settings.gatewayUrl() == null) {
            return null;
        }
        String base = settings.gatewayUrl().toString();
        return (base.endsWith("/") ? base : base + "/") + URLEncoder.encode(exeId, StandardCharsets.UTF_8);
    }

    private String knownIds() {
        List<String> ids = new ArrayList<>(new java.util.TreeSet<>(settings.directExecutors().keySet()));
        executors.keySet().stream().filter(id -> !ids.contains(id)).sorted().forEach(ids::add);
        String known = ids.isEmpty() ? "" : " Known ids: " + String.join(", ", ids) + ".";
        return known + (settings.gatewayUrl() != null ? " Any exe_id of the workspace is reachable through the gateway." : "");
    }

    @Override
    public List<ExecutorStatus> list() {
        Map<String, ExecutorStatus> out = new TreeMap<>();
        for (String id : settings.directExecutors().keySet()) {
            out.put(id, new ExecutorStatus(id, ExecutorStatus.State.IDLE, null, null));
        }
        executors.forEach((id, e) -> out.put(id, e.status()));
        return List.copyOf(out.values());
    }

    /** Test hook: cut the live connection of {@code exeId} as a network failure would. */
    void abortConnection(String exeId) {
        RemoteExecutor e = executors.get(exeId);
        if (e != null) {
            e.abortConnection();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executors.values().forEach(RemoteExecutor::close);
        resources.close();
    }
}
