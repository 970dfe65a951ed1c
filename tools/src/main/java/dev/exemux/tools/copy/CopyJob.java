package dev.exemux.tools.copy;

import dev.exemux.relay.CopyProgress;
import dev.exemux.relay.DestinationResult;
import dev.exemux.relay.FanOutListener;
import dev.exemux.tools.spi.ToolContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One copy running on its own thread, so that it can outlive the call that started it: MCP clients give
 * up on a call after about a minute, a big copy takes longer. Whoever waits for it (copy_path, then
 * copy_status) receives its progress while waiting. A copy to many executors (a fan-out) also keeps
 * where each destination stands; its progress is the sum over the destinations.
 */
final class CopyJob implements CopyProgress, FanOutListener {

    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    final String id;
    final String from;
    final String to;
    /** "from -> to", for messages. */
    final String route;
    /** A {@link dev.exemux.relay.CopyResult}, or a {@link FanOut} for a copy to many executors. */
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    /** Per destination of a fan-out, in the order given; empty for a copy to one executor. */
    private final Map<String, Destination> destinations = new LinkedHashMap<>();
    private volatile Thread runner;
    private volatile boolean cancelRequested;
    private volatile long bytesDone;
    private volatile long bytesTotal = -1;
    private volatile long endedAtNanos;
    private volatile ToolContext watcher;
    private long lastReportNanos;

    /** The outcome of a fan-out: one result per destination, in the order given. */
    record FanOut(List<DestinationResult> results) {}

    /** Where one destination of a fan-out stands. */
    static final class Destination {
        volatile long bytesDone;
        volatile long bytesTotal = -1;
        volatile DestinationResult ended;
    }

    /**
     * @param from and {@code to}: "exe_id:path" (for a fan-out, {@code to} names the executors)
     * @param fanOutTo the destinations of a fan-out, or empty
     */
    CopyJob(String id, String from, String to, List<String> fanOutTo) {
        this.id = id;
        this.from = from;
        this.to = to;
        this.route = from + " -> " + to;
        fanOutTo.forEach(d -> destinations.put(d, new Destination()));
    }

    boolean isFanOut() {
        return !destinations.isEmpty();
    }

    /** Per destination of a fan-out (read-only view). */
    Map<String, Destination> destinations() {
        return java.util.Collections.unmodifiableMap(destinations);
    }

    /** Runs the copy on the calling thread (the job's own); a cancel interrupts it. */
    void run(java.util.function.Function<CopyJob, Object> copy) {
        runner = Thread.currentThread();
        Object outcome = null;
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
    Object await(Duration wait, ToolContext context) throws InterruptedException {
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
    public void progress(String exeId, long done, long total) {
        Destination d = destinations.get(exeId);
        if (d == null) {
            return;
        }
        d.bytesDone = done;
        d.bytesTotal = total;
        long sumDone = 0;
        long sumTotal = 0;
        for (Destination each : destinations.values()) {
            sumDone += each.bytesDone;
            sumTotal = sumTotal < 0 || each.bytesTotal < 0 ? -1 : sumTotal + each.bytesTotal;
        }
        update(sumDone, sumTotal, exeId);
    }

    @Override
    public void ended(DestinationResult r) {
        Destination d = destinations.get(r.exeId());
        if (d != null) {
            d.ended = r;
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
