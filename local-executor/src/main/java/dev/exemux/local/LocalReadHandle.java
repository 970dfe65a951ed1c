package dev.exemux.local;

import dev.exemux.executor.Limits;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Positional reads on one open file; reads may run concurrently (FileChannel positional reads are). */
final class LocalReadHandle implements ReadHandle {

    /** The same block limit as the peer's fs/readBlock, so callers size their reads alike everywhere. */
    static final int MAX_BLOCK = Limits.BLOCK;

    private final Path path;
    private final FileChannel channel;
    private final BlockingIo io;

    LocalReadHandle(Path path, FileChannel channel, BlockingIo io) {
        this.path = path;
        this.channel = channel;
        this.io = io;
    }

    @Override
    public CompletableFuture<Block> read(long offset, int length) {
        if (length < 1 || length > MAX_BLOCK) {
            return CompletableFuture.failedFuture(
                    IoErrors.invalid("read length must be between 1 and " + MAX_BLOCK + " bytes, got " + length));
        }
        if (offset < 0) {
            return CompletableFuture.failedFuture(IoErrors.invalid("read offset must not be negative, got " + offset));
        }
        if (!channel.isOpen()) {
            return CompletableFuture.failedFuture(closed());
        }
        return io.submit(path, () -> {
            try {
                ByteBuffer buffer = ByteBuffer.allocate(length);
                long position = offset;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        break;
                    }
                    position += n;
                }
                boolean eof = position >= channel.size();
                byte[] data = buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
                return new Block(data, eof);
            } catch (ClosedChannelException e) {
                throw closed();
            }
        });
    }

    @Override
    public int maxBlockSize() {
        return MAX_BLOCK;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through this channel, so a failed close loses nothing.
        }
    }

    private RuntimeException closed() {
        return IoErrors.failure(Reason.INVALID_ARGUMENT, "The read handle for " + path + " is closed; open the file again.");
    }
}
