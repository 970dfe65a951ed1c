package dev.exemux.bridge;

import dev.exemux.executor.ReadHandle;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Random access over a small file read whole ({@code fs/readFile}): no further calls. */
final class WholeFileReadHandle implements ReadHandle {

    private final byte[] data;
    private final int maxBlock;

    WholeFileReadHandle(byte[] data, int maxBlock) {
        this.data = data;
        this.maxBlock = maxBlock;
    }

    @Override
    public CompletableFuture<Block> read(long offset, int length) {
        if (offset < 0 || length < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("offset and length must be >= 0"));
        }
        int from = (int) Math.min(offset, data.length);
        int to = (int) Math.min((long) from + Math.min(length, maxBlock), data.length);
        return CompletableFuture.completedFuture(new Block(Arrays.copyOfRange(data, from, to), to == data.length));
    }

    @Override
    public int maxBlockSize() {
        return maxBlock;
    }

    @Override
    public void close() {}
}
