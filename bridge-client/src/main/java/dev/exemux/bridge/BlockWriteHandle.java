package dev.exemux.bridge;

import dev.exemux.executor.Limits;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.WriteHandle;
import java.util.concurrent.CompletableFuture;

/** fs/open mode "replace" + fs/writeBlock (0.161+): writes go out as they come, several in flight. */
final class BlockWriteHandle implements WriteHandle {

    /** The peer's limit for one fs/writeBlock. */
    static final int MAX_BLOCK = Limits.BLOCK;

    private final RemoteExecutor owner;
    private final ExecSession session;
    private final String handleId;
    private final String path;
    private final long size;
    private long offset;
    private CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    private boolean aborted;

    BlockWriteHandle(RemoteExecutor owner, ExecSession session, String handleId, String path, long size) {
        this.owner = owner;
        this.session = session;
        this.handleId = handleId;
        this.path = path;
        this.size = size;
    }

    @Override
    public synchronized CompletableFuture<Void> write(byte[] chunk) {
        if (aborted) {
            return CompletableFuture.failedFuture(new IllegalStateException("write after abort"));
        }
        CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
        for (int from = 0; from < chunk.length; from += MAX_BLOCK) {
            byte[] piece = from == 0 && chunk.length <= MAX_BLOCK ? chunk
                    : java.util.Arrays.copyOfRange(chunk, from, Math.min(chunk.length, from + MAX_BLOCK));
            // Offsets are fixed at call time, so blocks land in call order whatever order they complete in.
            sent = CompletableFuture.allOf(sent, session.writeBlock(handleId, offset, piece));
            offset += piece.length;
        }
        all = CompletableFuture.allOf(all, sent);
        return sent;
    }

    /** A block that fits one fs/writeBlock goes out as the base64 it came as, if it came so. */
    @Override
    public synchronized CompletableFuture<Void> write(ReadHandle.Block block) {
        if (aborted || block.length() > MAX_BLOCK) {
            return write(block.data());
        }
        CompletableFuture<Void> sent = session.writeBlock(handleId, offset, block);
        offset += block.length();
        all = CompletableFuture.allOf(all, sent);
        return sent;
    }

    @Override
    public CompletableFuture<Void> finish() {
        CompletableFuture<Void> written;
        long total;
        synchronized (this) {
            written = all;
            total = offset;
        }
        return written.thenCompose(v -> session.closeHandle(handleId)).thenApply(v -> {
            if (total != size) {
                throw new RemoteCallException(owner.id(), RemoteCallException.Reason.OTHER, 0,
                        "wrote " + total + " of " + size + " bytes to " + path);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> abort() {
        synchronized (this) {
            if (aborted) {
                return CompletableFuture.completedFuture(null);
            }
            aborted = true;
        }
        return session.closeHandle(handleId).exceptionally(e -> null)
                .thenCompose(v -> owner.remove(path, false, true)).exceptionally(e -> null);
    }
}
