package dev.exemux.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Which exe_ids the gateway knows, where they live, and which ones the workspace may not reach. */
final class ExecutorDirectory {

    /** Where the bridge of an exe_id goes; {@code token} is null when the exec-server has no auth. */
    record Upstream(String url, String token) {
        @Override
        public String toString() {
            return url; // never the token
        }
    }

    private final ConcurrentMap<String, Upstream> routes = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Set<String> offline = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Instant> lastSeen = new ConcurrentHashMap<>();

    void route(String exeId, Upstream upstream) {
        routes.put(exeId, upstream);
        seen(exeId);
    }

    /** The executor was heard from (routed, or a connection to it upgraded). */
    void seen(String exeId) {
        lastSeen.put(exeId, Instant.now());
    }

    /** The routed exe_ids that are neither offline nor forbidden, with when each was last seen, sorted by id. */
    Map<String, Instant> connected() {
        Map<String, Instant> out = new TreeMap<>();
        routes.keySet().stream().filter(id -> !offline.contains(id) && !forbidden.contains(id))
                .forEach(id -> out.put(id, lastSeen.getOrDefault(id, Instant.EPOCH)));
        return out;
    }

    void forbid(String exeId) {
        forbidden.add(exeId);
    }

    void setOffline(String exeId, boolean isOffline) {
        if (isOffline) {
            offline.add(exeId);
        } else {
            offline.remove(exeId);
        }
    }

    boolean isForbidden(String exeId) {
        return forbidden.contains(exeId);
    }

    boolean isOffline(String exeId) {
        return offline.contains(exeId);
    }

    /** The upstream of a routed exe_id, or null when unknown. */
    Upstream upstream(String exeId) {
        return routes.get(exeId);
    }
}
