package dev.exemux.bridge;

import dev.exemux.executor.ExecutorInfo;
import java.time.Duration;

/**
 * How long an exec-server keeps a detached session (and its processes) after the connection drops, by
 * release: the one place that knows it. Measured: about 10 s up to 0.140, 30 s from 0.145 to 0.165, 80 s
 * from 0.169. Releases between measured ones get the longer neighbour, so exemux never gives up on a
 * session the peer may still hold.
 */
final class SessionGrace {

    static final Duration OLD = Duration.ofSeconds(10);
    static final Duration MIDDLE = Duration.ofSeconds(30);
    static final Duration NEW = Duration.ofSeconds(80);

    private SessionGrace() {}

    /** The grace of the peer described by {@code info} (null: never connected, the longest). */
    static Duration of(ExecutorInfo info) {
        if (info == null) {
            return NEW;
        }
        int[] v = parse(info.release());
        if (v == null) {
            // Releases before 0.154 do not say their version; fs/readBlock arrived in 0.142.
            return info.capabilities() != null && !info.capabilities().streamedRead() ? OLD : MIDDLE;
        }
        if (compare(v, 0, 141) < 0) {
            return OLD;
        }
        return compare(v, 0, 166) < 0 ? MIDDLE : NEW;
    }

    /**
     * When a session detached at {@code droppedAtNanos} is certainly gone: the peer may notice the drop
     * a little after exemux does, so a margin is added.
     */
    static long certainlyGoneAt(long droppedAtNanos, Duration grace) {
        long margin = Math.max(Duration.ofSeconds(5).toNanos(), grace.toNanos() / 4);
        return droppedAtNanos + grace.toNanos() + margin;
    }

    private static int[] parse(String release) {
        if (release == null) {
            return null;
        }
        String[] parts = release.split("[.-]");
        if (parts.length < 2) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compare(int[] v, int major, int minor) {
        return v[0] != major ? Integer.compare(v[0], major) : Integer.compare(v[1], minor);
    }
}
