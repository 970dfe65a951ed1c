package dev.exemux.relay;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An executor that forwards everything to another one, except what a subclass overrides (by default nothing). */
class ForwardingExecutor implements Executor {

    private final Executor delegate;

    ForwardingExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /** The process to start instead of {@code spec}: by default {@code spec} itself. */
    protected ProcessSpec rewrite(ProcessSpec spec) {
        return spec;
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        return delegate.start(rewrite(spec), listener);
    }

    /** {@code in}, each block it reads passed through {@code change} (given the block's offset). */
    static ReadHandle changingBlocks(ReadHandle in, java.util.function.BiFunction<Long, ReadHandle.Block, ReadHandle.Block> change) {
        return new ReadHandle() {
            @Override
            public CompletableFuture<Block> read(long offset, int length) {
                return in.read(offset, length).thenApply(b -> change.apply(offset, b));
            }

            @Override
            public int maxBlockSize() {
                return in.maxBlockSize();
            }

            @Override
            public void close() {
                in.close();
            }
        };
    }

    @Override public String id() { return delegate.id(); }
    @Override public ExecutorStatus status() { return delegate.status(); }
    @Override public CompletableFuture<ExecutorInfo> describe() { return delegate.describe(); }
    @Override public CompletableFuture<FileMetadata> stat(String p) { return delegate.stat(p); }
    @Override public CompletableFuture<byte[]> readFile(String p) { return delegate.readFile(p); }
    @Override public CompletableFuture<ReadHandle> openRead(String p) { return delegate.openRead(p); }
    @Override public CompletableFuture<Void> writeFile(String p, byte[] d) { return delegate.writeFile(p, d); }
    @Override public CompletableFuture<WriteHandle> openWrite(String p, long s) { return delegate.openWrite(p, s); }
    @Override public CompletableFuture<List<DirectoryEntry>> listDirectory(String p) { return delegate.listDirectory(p); }
    @Override public CompletableFuture<Void> createDirectory(String p, boolean r) { return delegate.createDirectory(p, r); }
    @Override public CompletableFuture<Void> remove(String p, boolean r, boolean f) { return delegate.remove(p, r, f); }
    @Override public CompletableFuture<Void> copy(String s, String d, boolean r) { return delegate.copy(s, d, r); }
    @Override public CompletableFuture<Void> move(String s, String d) { return delegate.move(s, d); }
    @Override public CompletableFuture<String> canonicalize(String p) { return delegate.canonicalize(p); }
}
