package dev.exemux.local;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Runs blocking calls one after another in the order they were enqueued, on the shared pool: several
 * calls may be in flight, yet they take effect in call order (appends to one file).
 */
final class SerialQueue {

    private final BlockingIo io;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    SerialQueue(BlockingIo io) {
        this.io = io;
    }

    synchronized <T> CompletableFuture<T> enqueue(Path subject, BlockingIo.Call<T> call) {
        CompletableFuture<T> next = tail.handle((ignored, failure) -> null)
                .thenCompose(ignored -> io.submit(subject, call));
        tail = next;
        // A copy: a caller cancelling its future (at a deadline) must not let the next call start while
        // this one still runs.
        return next.copy();
    }
}
