package dev.exemux.relay;

import dev.exemux.executor.Executor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Streams one source file to the destinations of a fan-out copy reading it once: each destination's copy
 * joins with its temporary file, and once every destination has joined or left (failed before, or streams
 * another file than the first to join) the source's blocks are read once and written to all
 * ({@link StreamCopier#tee}). A destination that has not joined {@code joinGrace} (normally {@link #JOIN_GRACE})
 * after the first one did
 * is left to copy on its own, so one slow executor does not hold back the others. Each destination still
 * verifies and renames its own copy; a failing destination fails alone. Thread-safe.
 */
final class StreamTee {

    static final Duration JOIN_GRACE = Duration.ofSeconds(10);

    private final StreamCopier copier;
    private final Executor src;
    private final Duration joinGrace;
    /** What the first destination to join streams (the source file, or a directory's one archive). */
    private String srcPath;
    private final List<StreamCopier.Sink> joined = new ArrayList<>();
    private int waitingFor;
    private boolean started;

    /** One destination's place in the tee: it joins once or leaves once. */
    static final class Party {
        private boolean settled;
    }

    StreamTee(StreamCopier copier, Executor src, int parties, Duration joinGrace) {
        this.copier = copier;
        this.src = src;
        this.joinGrace = joinGrace;
        this.waitingFor = parties;
    }

    Party party() {
        return new Party();
    }

    /**
     * Copies the source into {@code dstPath} together with the other destinations.
     *
     * @return what passed, or null when this destination must copy on its own (another source path, or the
     *     tee started without it)
     */
    StreamCopier.Moved write(Party party, Executor source, String path, long size, Executor dst, String dstPath,
            Deadline deadline, CopyProgress progress) {
        StreamCopier.Sink me;
        List<StreamCopier.Sink> toPump = null;
        String pumped = null;
        synchronized (this) {
            if (party.settled || started || !source.id().equals(src.id()) || (srcPath != null && !path.equals(srcPath))) {
                settle(party);
                return null;
            }
            srcPath = path;
            party.settled = true;
            waitingFor--;
            me = new StreamCopier.Sink(dst, dstPath, progress);
            joined.add(me);
            notifyAll();
            long until = System.nanoTime() + joinGrace.toNanos();
            try {
                while (!started && waitingFor > 0 && System.nanoTime() < until && !deadline.passed()) {
                    wait(Math.max(1, Math.min((until - System.nanoTime()) / 1_000_000, deadline.remaining().toMillis())));
                }
            } catch (InterruptedException e) {
                joined.remove(me);
                Thread.currentThread().interrupt();
                throw new CancellationException("copy to '" + dst.id() + "' was cancelled");
            }
            if (!started) {
                started = true;
                toPump = List.copyOf(joined);
                pumped = srcPath;
            }
        }
        if (toPump != null) {
            copier.tee(src, pumped, size, toPump, deadline);
        }
        return deadline.await(me.result(), dst.id(), "copy to " + dstPath);
    }

    /** This destination will not join (idempotent; a no-op once it has joined). */
    synchronized void leave(Party party) {
        settle(party);
    }

    private void settle(Party party) {
        if (!party.settled) {
            party.settled = true;
            waitingFor--;
            notifyAll();
        }
    }
}
