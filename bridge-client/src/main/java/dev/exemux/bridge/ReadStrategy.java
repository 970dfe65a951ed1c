package dev.exemux.bridge;

import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException;
import java.util.concurrent.CompletableFuture;

/** The {@link Dialect}'s read strategy: how {@code Executor.openRead} reads a file block by block. */
enum ReadStrategy {
    /** 0.142+: {@code fs/open} + {@code fs/readBlock}. */
    BLOCKS {
        @Override
        CompletableFuture<ReadHandle> open(ExecSession s, RemoteExecutor owner, String path) {
            String handleId = owner.newHandleId("r");
            return s.open(handleId, path, false).thenApply(v -> new StreamedReadHandle(s, handleId));
        }
    },
    /** Before 0.142: each block cut by a process on the executor ({@link ProcessSliceReadHandle}). */
    PROCESS_SLICES {
        @Override
        CompletableFuture<ReadHandle> open(ExecSession s, RemoteExecutor owner, String path) {
            // Fail now, as fs/open would, rather than at the first read.
            return s.getMetadata(path).thenCompose(m -> {
                if (m.isDirectory()) {
                    throw new RemoteCallException(owner.id(), RemoteCallException.Reason.IS_A_DIRECTORY, 0, "path " + path + " is not a file");
                }
                // Just stat'ed (read_file does) and small: one fs/readFile instead of a process per block.
                long size = owner.recentSize(path, m.modifiedAtMs());
                if (size >= 0 && size <= ProcessSliceReadHandle.MAX_BLOCK) {
                    return s.readFile(path).thenApply(data -> (ReadHandle) new WholeFileReadHandle(data, ProcessSliceReadHandle.MAX_BLOCK));
                }
                return CompletableFuture.completedFuture((ReadHandle) new ProcessSliceReadHandle(owner, path));
            });
        }
    };

    /** Opens absolute {@code path} for reading on {@code s}. */
    abstract CompletableFuture<ReadHandle> open(ExecSession s, RemoteExecutor owner, String path);
}
