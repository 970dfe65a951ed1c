package dev.exemux.local;

import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small pool that runs every blocking file-system call, so no caller thread (an MCP request, an
 * I/O callback) ever waits on the disk. Failures come back as executor-api exceptions.
 */
final class BlockingIo {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingIo.class);

    /** A blocking call that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    private final ThreadPoolExecutor pool;

    BlockingIo(String threadPrefix, int threads) {
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DaemonThreads(threadPrefix));
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code call} on the pool; IOExceptions are reported as failures concerning {@code subject}. */
    <T> CompletableFuture<T> submit(Path subject, Call<T> call) {
        return submit(subject, call, abandoned -> { });
    }

    /**
     * Like {@link #submit(Path, Call)}, for calls that acquire something (a process, an open file): if the
     * caller gave up (cancelled, e.g. at its deadline) before the result arrived, {@code release} gets it,
     * so nothing outlives the call that nobody waits for any more.
     */
    <T> CompletableFuture<T> submit(Path subject, Call<T> call, Consumer<T> release) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                if (result.isDone()) {
                    return; // cancelled while queued
                }
                try {
                    T value = call.run();
                    if (!result.complete(value)) {
                        release.accept(value);
                    }
                } catch (Throwable t) {
                    result.completeExceptionally(translate(t, subject));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(shutDown());
        }
        return result;
    }

    static ExecutorException translate(Throwable t, Path subject) {
        if (t instanceof ExecutorException ee) {
            return ee;
        }
        if (t instanceof IOException io) {
            return IoErrors.of(io, subject);
        }
        if (t instanceof UncheckedIOException u) {
            return IoErrors.of(u.getCause(), subject);
        }
        if (t instanceof DirectoryIteratorException d) {
            return IoErrors.of(d.getCause(), subject);
        }
        LOG.warn("Unexpected failure on {}", subject, t);
        String what = t.getMessage() == null ? "internal error (see the exemux log)" : t.getMessage();
        return IoErrors.failure(Reason.OTHER, "Unexpected local failure" + (subject == null ? "" : " on " + subject)
                + ": " + what);
    }

    static ExecutorOfflineException shutDown() {
        return new ExecutorOfflineException(IoErrors.EXE_ID,
                "The local executor has been shut down; restart exemux to use 'local' again.", null);
    }

    void shutdown() {
        pool.shutdownNow();
    }
}
