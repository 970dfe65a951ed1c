package dev.exemux.bridge;

import dev.exemux.executor.FileMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes the metadata helper found in the last moments, on releases whose protocol has none: a read
 * right after a stat (read_file does exactly that) can then take a small file whole with
 * {@code fs/readFile} instead of a second process. An entry counts only while the file's mtime, which
 * the protocol does report, is unchanged, and for {@link #TTL_NANOS}.
 */
final class RecentSizes {

    /** Long enough for the read that follows its stat within one tool call, even on a loaded machine. */
    static final long TTL_NANOS = 10_000_000_000L;
    private static final int MAX_PATHS = 64;

    private record Seen(long size, long modifiedAtMs, long atNanos) {}

    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_PATHS;
        }
    };

    synchronized void remember(String path, FileMetadata m) {
        if (m.isFile() && m.size() >= 0 && m.modifiedAtMs() > 0) {
            seen.put(path, new Seen(m.size(), m.modifiedAtMs(), System.nanoTime()));
        }
    }

    /** The size seen for {@code path} if it was seen lately with this mtime, else -1. */
    synchronized long sizeIfUnchanged(String path, long modifiedAtMs) {
        Seen s = seen.get(path);
        if (s == null || s.modifiedAtMs() != modifiedAtMs || System.nanoTime() - s.atNanos() > TTL_NANOS) {
            return -1;
        }
        return s.size();
    }
}
