package dev.exemux.relay;

import dev.exemux.executor.Limits;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.WriteHandle;
import dev.exemux.executor.DeadlineExceededException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pumps one file from a source executor to a destination executor through exemux: block reads on the
 * source, sequential writes on the destination, {@code window} blocks in flight so neither link waits
 * for the other. Memory is bounded by window x block. The bytes are not hashed here: the caller compares
 * the SHA-256 that the source and the destination executors compute themselves (with the CPU's SHA
 * instructions), which under bin/exemux's C1-only JVM cost a third of exemux's CPU per byte copied.
 */
final class StreamCopier {

    static final int DEFAULT_BLOCK = Limits.BLOCK;
    static final int DEFAULT_WINDOW = 12;
    /**
     * A block goes out as about 1.4 MB of base64 JSON: 6 in flight keep the destination busy while at most
     * about 8.5 MB waits in exemux's send queue per destination.
     */
    static final int MAX_WRITES_IN_FLIGHT = 6;

    private final int blockSize;
    private final int window;

    StreamCopier(int blockSize, int window) {
        this.blockSize = blockSize;
        this.window = Math.max(2, window);
    }

    /** What was moved. */
    record Moved(long bytes) {}

    /**
     * Writes {@code size} bytes of {@code srcPath} to {@code dstPath}. On failure the destination's
     * partial file is aborted (removed) and the exception propagates.
     */
    Moved copy(Executor src, String srcPath, long size, Executor dst, String dstPath, Deadline deadline,
            CopyProgress progress) {
        try (ReadHandle in = deadline.await(src.openRead(srcPath), src.id(), "open " + srcPath)) {
            WriteHandle out = deadline.await(dst.openWrite(dstPath, size), dst.id(), "create " + dstPath);
            try {
                long done = pump(in, out, size, src, srcPath, dst, deadline, progress);
                deadline.await(out.finish(), dst.id(), "finish " + dstPath);
                return new Moved(done);
            } catch (RuntimeException | Error e) {
                abortQuietly(out);
                throw e;
            }
        }
    }

    /**
     * Keeps at most {@code window} blocks in memory (read or being written). A block that has arrived is
     * handed to the writer at once; the copy only waits when nothing is ready, and then for whichever
     * comes first, the oldest read or the oldest write, so both links stay busy.
     */
    private long pump(ReadHandle in, WriteHandle out, long size, Executor src, String srcPath, Executor dst,
            Deadline deadline, CopyProgress progress) {
        int block = Math.min(blockSize, in.maxBlockSize());
        ArrayDeque<CompletableFuture<ReadHandle.Block>> reads = new ArrayDeque<>();
        ArrayDeque<CompletableFuture<Void>> writes = new ArrayDeque<>();
        long nextRead = 0;
        long done = 0;
        try {
            while (done < size || !writes.isEmpty()) {
                while (nextRead < size && reads.size() + writes.size() < window) {
                    int len = (int) Math.min(block, size - nextRead);
                    reads.add(in.read(nextRead, len));
                    nextRead += len;
                }
                while (!writes.isEmpty() && writes.peek().isDone()) {
                    deadline.await(writes.poll(), dst.id(), "write");
                }
                boolean canWrite = writes.size() < MAX_WRITES_IN_FLIGHT;
                if (canWrite && !reads.isEmpty() && (reads.peek().isDone() || writes.isEmpty())) {
                    ReadHandle.Block b = deadline.await(reads.poll(), src.id(), "read " + srcPath);
                    long expected = Math.min(block, size - done);
                    if (b.length() != expected) {
                        throw new CopyException(srcPath + " on '" + src.id() + "' changed while it was copied (expected "
                                + size + " bytes, it ended at " + (done + b.length()) + "); copy it again when it is stable.");
                    }
                    writes.add(out.write(b));
                    done += b.length();
                    progress.update(done, size, null);
                } else if (!writes.isEmpty()) {
                    CompletableFuture<?> first = reads.isEmpty() || !canWrite ? writes.peek()
                            : CompletableFuture.anyOf(reads.peek(), writes.peek());
                    deadline.await(first.exceptionally(t -> null), dst.id(), "copy");
                }
            }
            return done;
        } finally {
            reads.forEach(f -> f.cancel(true));
            writes.forEach(f -> f.cancel(true));
        }
    }

    /** One destination of {@link #tee}: its temporary file, its writes in flight, and how it ended. */
    static final class Sink {
        final Executor dst;
        final String path;
        final CopyProgress progress;
        private final CompletableFuture<Moved> result = new CompletableFuture<>();
        private final ArrayDeque<CompletableFuture<Void>> writes = new ArrayDeque<>();
        private WriteHandle out;

        Sink(Executor dst, String path, CopyProgress progress) {
            this.dst = dst;
            this.path = path;
            this.progress = progress;
        }

        CompletableFuture<Moved> result() {
            return result;
        }

        boolean live() {
            return !result.isDone();
        }

        void fail(Throwable failure) {
            if (result.completeExceptionally(failure)) {
                writes.forEach(f -> f.cancel(true));
                if (out != null) {
                    abortQuietly(out);
                }
            }
        }
    }

    /**
     * Reads {@code size} bytes of {@code srcPath} once and writes them to every sink, completing each sink's
     * result: what passed, or that sink's own failure (a sink that fails is dropped, the others go on). A
     * failure of the source, the deadline or a cancellation fails every sink and is thrown. Memory: at most
     * {@code window} blocks read ahead, plus the blocks still being written by the slowest sink (at most
     * {@link #MAX_WRITES_IN_FLIGHT}), shared by all sinks.
     */
    void tee(Executor src, String srcPath, long size, List<Sink> sinks, Deadline deadline) {
        ArrayDeque<CompletableFuture<ReadHandle.Block>> reads = new ArrayDeque<>();
        try (ReadHandle in = deadline.await(src.openRead(srcPath), src.id(), "open " + srcPath)) {
            List<CompletableFuture<WriteHandle>> opening = sinks.stream().map(s -> s.dst.openWrite(s.path, size)).toList();
            for (int i = 0; i < sinks.size(); i++) {
                Sink s = sinks.get(i);
                try {
                    s.out = deadline.await(opening.get(i), s.dst.id(), "create " + s.path);
                } catch (CancellationException | DeadlineExceededException e) {
                    throw e;
                } catch (RuntimeException e) {
                    s.fail(e);
                }
            }
            int block = Math.min(blockSize, in.maxBlockSize());
            long nextRead = 0;
            long done = 0;
            while (done < size && sinks.stream().anyMatch(Sink::live)) {
                while (nextRead < size && reads.size() < window) {
                    int len = (int) Math.min(block, size - nextRead);
                    reads.add(in.read(nextRead, len));
                    nextRead += len;
                }
                ReadHandle.Block b = deadline.await(reads.poll(), src.id(), "read " + srcPath);
                long expected = Math.min(block, size - done);
                if (b.length() != expected) {
                    throw new CopyException(srcPath + " on '" + src.id() + "' changed while it was copied (expected "
                            + size + " bytes, it ended at " + (done + b.length()) + "); copy it again when it is stable.");
                }
                done += b.length();
                for (Sink s : sinks) {
                    while (s.live() && s.writes.size() >= MAX_WRITES_IN_FLIGHT) {
                        awaitWrite(s, s.writes.poll(), deadline);
                    }
                    if (s.live()) {
                        s.writes.add(s.out.write(b));
                        s.progress.update(done, size, null);
                    }
                }
            }
            Moved moved = new Moved(done);
            for (Sink s : sinks) {
                while (s.live() && !s.writes.isEmpty()) {
                    awaitWrite(s, s.writes.poll(), deadline);
                }
                if (s.live()) {
                    try {
                        deadline.await(s.out.finish(), s.dst.id(), "finish " + s.path);
                        s.result.complete(moved);
                    } catch (CancellationException | DeadlineExceededException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        s.fail(e);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            sinks.forEach(s -> s.fail(e));
            throw e;
        } finally {
            reads.forEach(f -> f.cancel(true));
        }
    }

    /** Waits for one write of {@code sink}; its failure drops that sink only. */
    private static void awaitWrite(Sink sink, CompletableFuture<Void> write, Deadline deadline) {
        try {
            deadline.await(write, sink.dst.id(), "write " + sink.path);
        } catch (CancellationException | DeadlineExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            sink.fail(e);
        }
    }

    private static void abortQuietly(WriteHandle out) {
        try {
            out.abort().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the caller removes the temporary as well
        }
    }
}
