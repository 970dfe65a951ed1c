package dev.exemux.local;

import dev.exemux.executor.RemoteCallException.Reason;
import dev.exemux.executor.WriteHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Sequential appends of a declared number of bytes. Every step runs on one {@link SerialQueue}, so
 * writes land in call order however many are in flight, and finish/abort run after them.
 */
final class LocalWriteHandle implements WriteHandle {

    private enum State { OPEN, BROKEN, FINISHED, ABORTED }

    private final Path path;
    private final long size;
    private final FileChannel channel;
    private final SerialQueue queue;
    private volatile State state = State.OPEN;
    /** Touched only by queued steps, which never overlap. */
    private long written;

    LocalWriteHandle(Path path, long size, FileChannel channel, SerialQueue queue) {
        this.path = path;
        this.size = size;
        this.channel = channel;
        this.queue = queue;
    }

    @Override
    public CompletableFuture<Void> write(byte[] chunk) {
        byte[] data = chunk.clone(); // the caller may reuse its buffer once write() returns
        return queue.enqueue(path, () -> {
            requireOpen();
            if (written + data.length > size) {
                state = State.BROKEN;
                throw IoErrors.invalid("Writing " + data.length + " more bytes to " + path + " would exceed the declared size of "
                        + size + " bytes (" + written + " written so far).");
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                state = State.BROKEN;
                throw e;
            }
            written += data.length;
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> finish() {
        return queue.enqueue(path, () -> {
            if (state == State.FINISHED) {
                return null;
            }
            requireOpen();
            if (written != size) {
                state = State.ABORTED;
                discard();
                throw IoErrors.failure(Reason.OTHER, "Only " + written + " of the declared " + size + " bytes arrived for "
                        + path + "; the partial file was removed. Write the file again.");
            }
            try {
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                state = State.ABORTED;
                discard();
                throw e;
            }
            state = State.FINISHED;
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> abort() {
        synchronized (this) {
            if (state == State.FINISHED) {
                return CompletableFuture.completedFuture(null);
            }
            state = State.ABORTED; // queued writes now fail fast
        }
        return queue.enqueue(path, () -> {
            if (channel.isOpen()) {
                discard();
            }
            return null;
        });
    }

    private void requireOpen() {
        switch (state) {
            case OPEN -> { }
            case BROKEN -> throw IoErrors.failure(Reason.OTHER,
                    "An earlier write to " + path + " failed; abort and write the file again.");
            case FINISHED -> throw IoErrors.invalid("The write handle for " + path + " is already finished.");
            case ABORTED -> throw IoErrors.invalid("The write to " + path + " was aborted.");
        }
    }

    private void discard() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
