package dev.exemux.bridge;

import dev.exemux.executor.Limits;
import dev.exemux.executor.ReadHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** fs/open + fs/readBlock (0.142+): only the requested bytes cross the network. */
final class StreamedReadHandle implements ReadHandle {

    /** The peer's limit for one fs/readBlock. */
    static final int MAX_BLOCK = Limits.BLOCK;

    private final ExecSession session;
    private final String handleId;
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamedReadHandle(ExecSession session, String handleId) {
        this.session = session;
        this.handleId = handleId;
    }

    @Override
    public CompletableFuture<Block> read(long offset, int length) {
        if (offset < 0 || length < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("offset and length must be >= 0"));
        }
        if (length == 0) {
            return CompletableFuture.completedFuture(new Block(new byte[0], false));
        }
        return session.readBlock(handleId, offset, Math.min(length, MAX_BLOCK));
    }

    @Override
    public int maxBlockSize() {
        return MAX_BLOCK;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && session.isOpen()) {
            session.closeHandle(handleId).exceptionally(e -> null);
        }
    }
}
