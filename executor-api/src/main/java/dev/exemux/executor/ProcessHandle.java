package dev.exemux.executor;

import java.util.concurrent.CompletableFuture;

/** A started process. */
public interface ProcessHandle {

    /** Unique among this executor's live processes. */
    String id();

    /** Writes to stdin; fails if the process was started without {@code pipeStdin}. */
    CompletableFuture<Void> write(byte[] data);

    /** SIGINT to the process's group while it runs, like Ctrl-C; nothing once it ended. */
    CompletableFuture<Void> interrupt();

    /**
     * Kills the process and its process group; after the process ended, what it left running in the
     * background (children still in its group). Harmless when nothing is left.
     */
    CompletableFuture<Void> terminate();

    /** Completes after {@link ProcessListener#onExit}, with the same value. */
    CompletableFuture<ProcessExit> exit();
}
