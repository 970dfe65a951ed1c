package dev.exemux.executor;

import java.util.concurrent.CompletableFuture;

/** A started process. */
public interface ProcessHandle {

    /** Unique among this executor's live processes. */
    String id();

    /** Writes to stdin; fails if the process was started without {@code pipeStdin}. */
    CompletableFuture<Void> write(byte[] data);

    /** SIGINT; fails with {@link UnsupportedByExecutorException} where the release has no signal. */
    CompletableFuture<Void> interrupt();

    /** Kills the process; harmless if it already ended. */
    CompletableFuture<Void> terminate();

    /** Completes after {@link ProcessListener#onExit}, with the same value. */
    CompletableFuture<ProcessExit> exit();
}
