package dev.exemux.bridge;

import dev.exemux.executor.WriteHandle;
import java.util.concurrent.CompletableFuture;

/** The {@link Dialect}'s write strategy: how {@code Executor.openWrite} (and a big {@code writeFile}) writes in pieces. */
enum WriteStrategy {
    /** 0.161+ ({@code fileWriteStreaming} in the capabilities): {@code fs/open mode "replace"} + {@code fs/writeBlock}. */
    BLOCKS {
        @Override
        CompletableFuture<WriteHandle> open(ExecSession s, RemoteExecutor owner, String path, long size) {
            String handleId = owner.newHandleId("w");
            return s.open(handleId, path, true).thenApply(v -> (WriteHandle) new BlockWriteHandle(owner, s, handleId, path, size));
        }
    },
    /** Older releases: part files joined by {@code cat} on the executor ({@link PartsWriteHandle}). */
    PARTS {
        @Override
        CompletableFuture<WriteHandle> open(ExecSession s, RemoteExecutor owner, String path, long size) {
            return CompletableFuture.completedFuture(new PartsWriteHandle(owner, path, size));
        }
    };

    /** Opens absolute {@code path} for writing {@code size} bytes on {@code s}. */
    abstract CompletableFuture<WriteHandle> open(ExecSession s, RemoteExecutor owner, String path, long size);
}
