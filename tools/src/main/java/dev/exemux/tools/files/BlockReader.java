package dev.exemux.tools.files;

import dev.exemux.executor.Limits;
import dev.exemux.executor.ReadHandle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Block-aligned reads of one remote file through a {@link ReadHandle}, each bounded by the call's
 * deadline, with a small cache so that a backward scan followed by a forward pass moves each byte
 * once. Memory stays at most {@link #CACHED_BLOCKS} blocks whatever the file size.
 */
final class BlockReader implements AutoCloseable {

    /** The protocol's largest fs/readBlock. */
    static final int MAX_BLOCK = Limits.BLOCK;
    static final int CACHED_BLOCKS = 8;

    private final ReadHandle handle;
    private final ExecutorCall call;
    private final String path;
    private final int blockSize;
    private final Map<Long, ReadHandle.Block> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReadHandle.Block> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };

    private BlockReader(ReadHandle handle, ExecutorCall call, String path, int blockSize) {
        this.handle = handle;
        this.call = call;
        this.path = path;
        this.blockSize = blockSize;
    }

    static BlockReader open(ExecutorCall call, String path) {
        ReadHandle handle = call.await(call.executor().openRead(path), "open " + path);
        int size = Math.max(1, Math.min(MAX_BLOCK, handle.maxBlockSize()));
        return new BlockReader(handle, call, path, size);
    }

    int blockSize() {
        return blockSize;
    }

    /** The aligned block number {@code index}: {@code blockSize} bytes, fewer only at the end. */
    ReadHandle.Block block(long index) {
        ReadHandle.Block cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        if (call.context().isCancelled()) {
            throw new java.util.concurrent.CancellationException("read cancelled");
        }
        ReadHandle.Block block = call.await(handle.read(index * blockSize, blockSize), "read " + path);
        cache.put(index, block);
        return block;
    }

    /** Bytes from {@code offset} up to at most {@code max}: may be fewer than asked even before the end. */
    byte[] bytesAt(long offset, int max) {
        long index = offset / blockSize;
        int skip = (int) (offset % blockSize);
        byte[] data = block(index).data();
        if (skip >= data.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(data, skip, skip + Math.min(max, data.length - skip));
    }

    /**
     * The file's size, for executors whose metadata lacks it: a binary search with one-byte reads
     * (a few dozen tiny calls, instead of moving the file).
     */
    long probeSize() {
        long low = 0; // known to be <= size
        long high = 1;
        while (exists(high - 1)) {
            low = high;
            high *= 2;
        }
        // Invariant: low <= size <= high - 1 (byte low-1 exists or low is 0; byte high-1 does not).
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (exists(mid - 1)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private boolean exists(long byteOffset) {
        return call.await(handle.read(byteOffset, 1), "read " + path).data().length == 1;
    }

    @Override
    public void close() {
        handle.close();
    }
}
