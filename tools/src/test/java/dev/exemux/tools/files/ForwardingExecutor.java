package dev.exemux.tools.files;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.WriteHandle;
import dev.exemux.local.LocalExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a real executor to observe what crosses it (bytes read) and to inject the failures a test
 * needs (a rename that fails after the temporary file was written).
 */
class ForwardingExecutor implements Executor {

    final Executor delegate;
    final AtomicLong bytesRead = new AtomicLong();
    /** Processes started through this executor (not those a release's read handle starts for itself). */
    final AtomicLong processesStarted = new AtomicLong();
    volatile RuntimeException failMove;
    /** Runs after each writeFile, e.g. to play a concurrent writer. */
    volatile Runnable afterWrite = () -> {};

    ForwardingExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /** The embedded local executor, observed. */
    static ForwardingExecutor local() {
        return new ForwardingExecutor(new LocalExecutor());
    }

    /**
     * Every process started on the executor: through this wrapper, or by bridge-client for itself
     * (read through its test-only counter).
     */
    long processesOnExecutor() {
        try {
            java.lang.reflect.Method count = delegate.getClass().getDeclaredMethod("processesStarted");
            count.setAccessible(true);
            return (long) count.invoke(delegate);
        } catch (NoSuchMethodException e) {
            return processesStarted.get();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills what a local executor started and stops its threads. */
    void shutdown() {
        if (delegate instanceof LocalExecutor local) {
            local.shutdown();
        }
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public ExecutorStatus status() {
        return delegate.status();
    }

    @Override
    public CompletableFuture<ExecutorInfo> describe() {
        return delegate.describe();
    }

    @Override
    public CompletableFuture<FileMetadata> stat(String path) {
        return delegate.stat(path);
    }

    @Override
    public CompletableFuture<byte[]> readFile(String path) {
        return delegate.readFile(path).thenApply(data -> {
            bytesRead.addAndGet(data.length);
            return data;
        });
    }

    @Override
    public CompletableFuture<ReadHandle> openRead(String path) {
        return delegate.openRead(path).thenApply(handle -> new ReadHandle() {
            @Override
            public CompletableFuture<Block> read(long offset, int length) {
                return handle.read(offset, length).thenApply(block -> {
                    bytesRead.addAndGet(block.data().length);
                    return block;
                });
            }

            @Override
            public int maxBlockSize() {
                return handle.maxBlockSize();
            }

            @Override
            public void close() {
                handle.close();
            }
        });
    }

    @Override
    public CompletableFuture<Void> writeFile(String path, byte[] data) {
        return delegate.writeFile(path, data).thenRun(() -> afterWrite.run());
    }

    @Override
    public CompletableFuture<WriteHandle> openWrite(String path, long size) {
        return delegate.openWrite(path, size);
    }

    @Override
    public CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        return delegate.listDirectory(path);
    }

    @Override
    public CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return delegate.createDirectory(path, recursive);
    }

    @Override
    public CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return delegate.remove(path, recursive, force);
    }

    @Override
    public CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        return delegate.copy(source, destination, recursive);
    }

    @Override
    public CompletableFuture<Void> move(String source, String destination) {
        RuntimeException failure = failMove;
        return failure != null ? CompletableFuture.failedFuture(failure) : delegate.move(source, destination);
    }

    @Override
    public CompletableFuture<String> canonicalize(String path) {
        return delegate.canonicalize(path);
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        processesStarted.incrementAndGet();
        return delegate.start(spec, listener);
    }
}
