package dev.exemux.relay;

/** Receives progress while a copy runs; called from the copying thread, so keep it quick. */
@FunctionalInterface
public interface CopyProgress {

    CopyProgress NONE = (done, total, message) -> {};

    /** @param total bytes to move, or -1 while unknown */
    void update(long done, long total, String message);
}
