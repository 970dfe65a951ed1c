package dev.exemux.relay;

import dev.exemux.executor.Executor;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary files and directories one copy creates, on either executor, removed when the copy
 * ends unless they took their final name. Removal is best effort and bounded in time: a failure to
 * clean up is logged, never allowed to hide the copy's own error.
 */
final class Temporaries {

    private static final Logger LOG = LoggerFactory.getLogger(Temporaries.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private record Entry(Executor executor, String path) {}

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** A fresh name beside {@code finalPath} (same directory, so the final rename is atomic). */
    static String besides(String finalPath, String suffix) {
        int slash = finalPath.lastIndexOf('/');
        String dir = finalPath.substring(0, slash + 1);
        String name = finalPath.substring(slash + 1);
        if (name.length() > 150) {
            name = name.substring(0, 150);
        }
        byte[] raw = new byte[4];
        RANDOM.nextBytes(raw);
        return dir + "." + name + ".exemux-" + HexFormat.of().formatHex(raw) + suffix;
    }

    synchronized String track(Executor executor, String path) {
        entries.push(new Entry(executor, path));
        return path;
    }

    /** {@code path} took its final name: nothing to remove. */
    synchronized void forget(String path) {
        entries.removeIf(e -> e.path.equals(path));
    }

    /** Removes {@code path} now (e.g. a failed attempt before the fallback). */
    void removeNow(Executor executor, String path, Deadline deadline) {
        remove(new Entry(executor, path), deadline);
        forget(path);
    }

    /** Removes {@code path} now and keeps it tracked: it is about to be written again. */
    void removeForReuse(Executor executor, String path, Deadline deadline) {
        remove(new Entry(executor, path), deadline);
    }

    /** Removes everything still tracked, newest first. */
    void removeAll(Deadline deadline) {
        while (true) {
            Entry e;
            synchronized (this) {
                e = entries.poll();
            }
            if (e == null) {
                return;
            }
            remove(e, deadline);
        }
    }

    private static void remove(Entry e, Deadline deadline) {
        Duration wait = deadline.remaining().compareTo(MAX_WAIT) < 0 ? deadline.remaining() : MAX_WAIT;
        try {
            e.executor.remove(e.path, true, true).get(Math.max(200, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception ex) {
            LOG.info("could not remove temporary {} on '{}' yet ({}); trying again in the background", e.path,
                    e.executor.id(), ex.getMessage());
            removeLater(e, 1);
        }
    }

    /** How often, {@link #RETRY_PAUSE} apart, a removal that failed is tried again (about as long as a drop or restart lasts). */
    static final int RETRIES = 60;
    static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "exemux-temporaries");
        t.setDaemon(true);
        return t;
    });

    /**
     * A removal usually fails because the executor's connection dropped with the copy (seen in the fault
     * soak: {@code .part} files left beside the destination); once the executor is back, the removal
     * succeeds. Not waited for: the copy's error is reported at once.
     */
    private static void removeLater(Entry e, int attempt) {
        if (attempt > RETRIES) {
            LOG.warn("could not remove temporary {} on '{}'; remove it by hand", e.path, e.executor.id());
            return;
        }
        LATER.schedule(() -> {
            try {
                e.executor.remove(e.path, true, true).whenComplete((v, failure) -> {
                    if (failure != null) {
                        removeLater(e, attempt + 1);
                    }
                });
            } catch (RuntimeException failure) {
                removeLater(e, attempt + 1);
            }
        }, RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
