package dev.exemux.testing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests of each JSON-RPC method clients sent each exe_id through the gateway, for tests that
 * bound what an operation costs an executor (e.g. the processes a copy starts).
 */
final class Requests {

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** A tap for the client-to-upstream frames of {@code exeId}. */
    FramePump.Tap tap(String exeId) {
        return text -> {
            Matcher m = METHOD.matcher(text);
            if (m.find()) {
                counts.computeIfAbsent(exeId + "\u0000" + m.group(1), k -> new AtomicInteger()).incrementAndGet();
            }
        };
    }

    int count(String exeId, String method) {
        AtomicInteger n = counts.get(exeId + "\u0000" + method);
        return n == null ? 0 : n.get();
    }
}
