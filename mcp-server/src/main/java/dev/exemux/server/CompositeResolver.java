package dev.exemux.server;

import dev.exemux.bridge.GatewayDirectory;
import dev.exemux.executor.ExeIds;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorListing;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import dev.exemux.local.LocalExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link ExecutorResolver} the tools see: exe_id {@code local} goes to the embedded executor
 * (when on), every other id to the remote pool. Both are built on first use, so start-up dials and
 * loads nothing. In direct mode only the configured ids exist; with a gateway any well-formed id is
 * tried there (the gateway says whether it exists).
 */
final class CompositeResolver implements ExecutorResolver {

    private static final Logger log = LoggerFactory.getLogger(CompositeResolver.class);

    private final Lazy<Executor> local;
    private final Lazy<ExecutorResolver> remote;
    private final Set<String> directIds;
    private final boolean gateway;
    private final Lazy<GatewayDirectory> discovery;

    /**
     * @param local the embedded executor's factory, or null when it is off
     * @param remote the pool's factory, or null when no remote executor is configured
     * @param directIds the ids configured in direct mode, in order
     * @param gateway whether unknown ids are tried at the gateway
     */
    CompositeResolver(Supplier<Executor> local, Supplier<ExecutorResolver> remote, List<String> directIds, boolean gateway) {
        this(local, remote, directIds, gateway, null);
    }

    /** @param discovery the gateway's list of connected executors (built on the first listing), or null */
    CompositeResolver(Supplier<Executor> local, Supplier<ExecutorResolver> remote, List<String> directIds, boolean gateway,
            Supplier<GatewayDirectory> discovery) {
        this.local = local == null ? null : new Lazy<>(local);
        this.remote = remote == null ? null : new Lazy<>(remote);
        this.directIds = new LinkedHashSet<>(directIds);
        this.gateway = gateway;
        this.discovery = discovery == null ? null : new Lazy<>(discovery);
    }

    @Override
    public Executor resolve(String exeId) {
        String problem = ExeIds.problem(exeId);
        if (problem != null) {
            throw new UnknownExecutorException(null, problem + ". " + served());
        }
        if (local != null && ExemuxConfig.LOCAL_ID.equals(exeId)) {
            return local.get();
        }
        if (remote != null && (gateway || directIds.contains(exeId))) {
            return remote.get().resolve(exeId);
        }
        throw new UnknownExecutorException(exeId, "Unknown exe_id '" + exeId + "'. " + served());
    }

    @Override
    public List<ExecutorStatus> list() {
        return listing().executors();
    }

    /**
     * The embedded, configured and seen executors, plus those the gateway reports as connected (with when it
     * last saw them); a gateway that refuses to say adds a warning, never an error.
     */
    @Override
    public ExecutorListing listing() {
        Map<String, ExecutorStatus> byId = new LinkedHashMap<>();
        known().forEach(s -> byId.put(s.exeId(), s));
        if (discovery == null) {
            return new ExecutorListing(List.copyOf(byId.values()), List.of());
        }
        GatewayDirectory.Answer answer = discovery.get().connected();
        for (GatewayDirectory.Connected c : answer.connected()) {
            if (local != null && ExemuxConfig.LOCAL_ID.equals(c.exeId())) {
                continue; // 'local' is always the embedded executor here
            }
            ExecutorStatus known = byId.get(c.exeId());
            byId.put(c.exeId(), known != null ? known.withGatewayLastSeen(c.lastSeen())
                    : new ExecutorStatus(c.exeId(), ExecutorStatus.State.IDLE, null, null, c.lastSeen()));
        }
        return new ExecutorListing(List.copyOf(byId.values()),
                answer.warning() == null ? List.of() : List.of(answer.warning()));
    }

    private List<ExecutorStatus> known() {
        List<ExecutorStatus> out = new ArrayList<>();
        if (local != null) {
            Executor embedded = local.getIfCreated();
            out.add(embedded != null ? embedded.status()
                    : new ExecutorStatus(ExemuxConfig.LOCAL_ID, ExecutorStatus.State.EMBEDDED, null, null));
        }
        if (remote != null) {
            ExecutorResolver pool = remote.getIfCreated();
            if (pool != null) {
                out.addAll(pool.list());
            } else {
                directIds.forEach(id -> out.add(new ExecutorStatus(id, ExecutorStatus.State.IDLE, null, null)));
            }
        }
        return out;
    }

    /** What a model should be told when it names an executor that does not exist. */
    private String served() {
        List<String> ids = new ArrayList<>();
        if (local != null) {
            ids.add(ExemuxConfig.LOCAL_ID);
        }
        ids.addAll(directIds);
        StringBuilder s = new StringBuilder();
        if (ids.isEmpty()) {
            s.append("This exemux has no fixed executors");
        } else {
            s.append("Executors available: ").append(String.join(", ", ids));
        }
        if (gateway) {
            s.append(ids.isEmpty() ? "; " : "; plus ").append("any exe_id the gateway knows (see list_executors)");
        }
        return s.append('.').toString();
    }

    @Override
    public void close() {
        if (discovery != null && discovery.getIfCreated() != null) {
            discovery.getIfCreated().close();
        }
        if (remote != null && remote.getIfCreated() != null) {
            closeQuietly(remote.getIfCreated());
        }
        if (local != null && local.getIfCreated() instanceof LocalExecutor embedded) {
            embedded.shutdown(); // kills the processes it started
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
