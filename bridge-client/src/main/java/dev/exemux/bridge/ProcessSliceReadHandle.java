package dev.exemux.bridge;

import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.ReadHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Random access for releases without fs/readBlock (before 0.142): each block is cut out on the
 * executor by {@code tail | head} and streamed back as process output, so only the requested bytes
 * move, where fs/readFile would bring the whole file.
 */
final class ProcessSliceReadHandle implements ReadHandle {

    static final int MAX_BLOCK = ProcessRunner.MAX_CAPTURE;

    private final RemoteExecutor owner;
    private final String path;

    ProcessSliceReadHandle(RemoteExecutor owner, String path) {
        this.owner = owner;
        this.path = path;
    }

    @Override
    public CompletableFuture<Block> read(long offset, int length) {
        if (offset < 0 || length < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("offset and length must be >= 0"));
        }
        int len = Math.min(length, MAX_BLOCK);
        if (len == 0) {
            return CompletableFuture.completedFuture(new Block(new byte[0], false));
        }
        List<String> argv = List.of("sh", "-c", "tail -c +\"$1\" -- \"$3\" | head -c \"$2\"", "sh",
                Long.toString(offset + 1), Integer.toString(len), path);
        return ProcessRunner.run(owner, argv)
                .thenApply(r -> r.requireSuccess(owner.id(), "reading " + path))
                .thenApply(r -> new Block(r.stdoutBytes(), r.stdoutBytes().length < len));
    }

    @Override
    public int maxBlockSize() {
        return MAX_BLOCK;
    }

    @Override
    public void close() {}
}
