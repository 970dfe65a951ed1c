package dev.exemux.tools.copy;

import dev.exemux.relay.CopyProgress;
import dev.exemux.relay.CopyResult;
import dev.exemux.tools.spi.ToolContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One copy running on its own thread, so that it can outlive the call that started it: MCP clients give
 * up on a call after about a minute, a big copy takes longer. Whoever waits for it (copy_path, then
 * copy_status) receives its progress while waiting.
 */
final class CopyJob implements CopyProgress {

    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    final String id;
    final String from;
    final String to;
    /** "from -> to", for messages. */
    final String route;
    private final CompletableFuture<CopyResult> result = new CompletableFuture<>();
    private volatile Thread runner;
    private volatile boolean cancelRequested;
    private volatile long bytesDone;
    private volatile long bytesTotal = -1;
    private volatile long endedAtNanos;
    private volatile ToolContext watcher;
    private long lastReportNanos;

    /** @param from and {@code to}: "exe_id:path" */
    CopyJob(String id, String from, String to) {
        this.id = id;
        this.from = from;
        this.to = to;
        this.route = from + " -> " + to;
    }

    /** Runs the copy on the calling thread (the job's own); a cancel interrupts it. */
    void run(java.util.function.Function<CopyProgress, CopyResult> copy) {
        runner = Thread.currentThread();
        CopyResult outcome = null;
        Throwable failure = null;
        try {
            if (cancelRequested) {
                throw new dev.exemux.relay.CopyException("copy " + id + " was cancelled before it started; nothing was copied.");
            }
            outcome = copy.apply(this);
        } catch (Throwable t) {
            failure = t; // whoever waits must hear of it, even of an Error
        } finally {
            runner = null;
            Thread.interrupted(); // the pool thread goes back clean
            endedAtNanos = System.nanoTime(); // before the result: collect() reads it once the result is there
            if (failure == null) {
                result.complete(outcome);
            } else {
                result.completeExceptionally(failure);
            }
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Stops the copy: it terminates what it started and removes its temporaries, then ends as cancelled. */
    void cancel() {
        cancelRequested = true;
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    boolean isDone() {
        return result.isDone();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Nanos since it ended, or -1 while it runs. */
    long endedNanosAgo() {
        return result.isDone() ? System.nanoTime() - endedAtNanos : -1;
    }

    long bytesDone() {
        return bytesDone;
    }

    /** -1 until known. */
    long bytesTotal() {
        return bytesTotal;
    }

    /**
     * Waits up to {@code wait} for the end, passing progress to {@code context} meanwhile.
     *
     * @return the result, or null if it still runs
     * @throws RuntimeException the copy's failure (a {@link dev.exemux.relay.CopyException} when it says why)
     */
    CopyResult await(Duration wait, ToolContext context) throws InterruptedException {
        watcher = context;
        try {
            return result.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            if (watcher == context) {
                watcher = null;
            }
        }
    }

    @Override
    public void update(long done, long total, String message) {
        bytesDone = done;
        if (total >= 0) {
            bytesTotal = total;
        }
        ToolContext w = watcher;
        long now = System.nanoTime();
        synchronized (this) {
            if (w == null || (now - lastReportNanos < PROGRESS_EVERY_NANOS && !(total >= 0 && done == total))) {
                return;
            }
            lastReportNanos = now;
        }
        w.progress(done, total < 0 ? null : (double) total, message);
    }
}
