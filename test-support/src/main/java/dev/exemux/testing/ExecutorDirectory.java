package dev.exemux.testing;

import java.util.Set;
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

    void route(String exeId, Upstream upstream) {
        routes.put(exeId, upstream);
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
