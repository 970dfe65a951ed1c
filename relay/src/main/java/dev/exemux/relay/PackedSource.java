package dev.exemux.relay;

import dev.exemux.executor.Executor;

/**
 * A source directory packed into one tar archive for the destinations of a fan-out copy: packed by the
 * first destination that needs it, reused by the others (so the source tree is read once, and a streamed
 * fan-out can tee the one archive), removed by {@link #remove} once every destination is done. A packing
 * failure is every destination's failure. Thread-safe.
 */
final class PackedSource {

    /** The archive ({@code <tempDir>/archive.tar}) and its size. */
    record Archive(String tempDir, String path, long size) {}

    private Executor src;
    private Archive archive;
    private RuntimeException failure;

    /** The archive of {@code dir} on {@code src}, packing it on the first call. */
    synchronized Archive get(Executor src, String dir, Deadline work) {
        if (failure != null) {
            throw failure;
        }
        if (archive == null) {
            try {
                archive = RemoteCommands.tarToTemp(src, dir, work);
                this.src = src;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return archive;
    }

    /** Removes the archive's temporary directory from the source, if it was packed. */
    void remove(Deadline deadline) {
        Archive a;
        Executor on;
        synchronized (this) {
            a = archive;
            on = src;
        }
        if (a != null) {
            Temporaries temps = new Temporaries();
            temps.track(on, a.tempDir());
            temps.removeAll(deadline);
        }
    }
}
