package dev.exemux.executor;

import java.util.concurrent.CompletableFuture;

/** An open file for random-access reads. Close it; closing twice is harmless. */
public interface ReadHandle extends AutoCloseable {

    /** At most {@code length} bytes from {@code offset}; fewer only at end of file. */
    CompletableFuture<Block> read(long offset, int length);

    /** The largest {@code length} one {@link #read} serves. */
    int maxBlockSize();

    @Override
    void close();

    /** @param eof true when the block reaches the end of the file */
    record Block(byte[] data, boolean eof) {}
}
