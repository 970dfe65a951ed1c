package dev.exemux.executor;

import java.util.concurrent.CompletableFuture;

/**
 * A sequential writer created by {@link Executor#openWrite}. Chunks are appended in call order; a
 * caller may keep several writes in flight. {@link #abort} gives up and removes what was written.
 */
public interface WriteHandle {

    CompletableFuture<Void> write(byte[] chunk);

    /**
     * Appends a block read from another file. A writer that sends base64 takes a block that came as
     * base64 as it is, without decoding it.
     */
    default CompletableFuture<Void> write(ReadHandle.Block block) {
        return write(block.data());
    }

    /** Completes once every byte is durable at the path; fails if fewer bytes than declared arrived. */
    CompletableFuture<Void> finish();

    /** Stops, and removes the partial file. Idempotent. */
    CompletableFuture<Void> abort();
}
