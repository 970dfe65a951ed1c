package dev.exemux.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The bridged connections that are open now, and how many upgrades each exe_id got so far. */
final class LiveConnections {

    private final ConcurrentMap<String, AtomicInteger> upgrades = new ConcurrentHashMap<>();
    private final Set<BridgedConnection> open = ConcurrentHashMap.newKeySet();

    /** Counts an upgrade of {@code exeId}; returns its number (1 for the first). */
    int countUpgrade(String exeId) {
        return upgrades.computeIfAbsent(exeId, id -> new AtomicInteger()).incrementAndGet();
    }

    int upgrades(String exeId) {
        AtomicInteger n = upgrades.get(exeId);
        return n == null ? 0 : n.get();
    }

    void opened(BridgedConnection connection) {
        open.add(connection);
    }

    void closed(BridgedConnection connection) {
        open.remove(connection);
    }

    int open(String exeId) {
        return (int) open.stream().filter(c -> c.exeId().equals(exeId)).count();
    }

    /** Drops the open connections of {@code exeId}; returns how many. */
    int drop(String exeId) {
        List<BridgedConnection> hit = open.stream().filter(c -> c.exeId().equals(exeId)).toList();
        hit.forEach(BridgedConnection::drop);
        return hit.size();
    }

    int dropAll() {
        List<BridgedConnection> all = List.copyOf(open);
        all.forEach(BridgedConnection::drop);
        return all.size();
    }
}
