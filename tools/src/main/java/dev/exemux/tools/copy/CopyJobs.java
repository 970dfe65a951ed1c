package dev.exemux.tools.copy;

import dev.exemux.relay.CopyProgress;
import dev.exemux.relay.CopyResult;
import dev.exemux.tools.spi.ToolException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The copies exemux runs, by copy_id ("c1", "c2", ...). A finished copy's outcome stays readable for a
 * while after it ended; at most {@code maxRunning} copies run at once, each on its own thread (a copy
 * spends its time waiting on executors).
 */
final class CopyJobs implements AutoCloseable {

    private static final Pattern COPY_ID = Pattern.compile("c[0-9]{1,18}");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Map<String, CopyJob> jobs = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Duration retention;
    private final int maxRunning;
    private final ExecutorService threads;

    CopyJobs(Duration retention, int maxRunning) {
        this.retention = retention;
        this.maxRunning = maxRunning;
        AtomicInteger n = new AtomicInteger();
        // Threads start with the first copy and end when idle: a catalog that never copies costs nothing.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "exemux-copy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code copy} on its own thread; refused while {@code maxRunning} copies run. */
    CopyJob start(String from, String to, Function<CopyProgress, CopyResult> copy) {
        return start(from, to, List.of(), copy::apply);
    }

    /**
     * Starts a copy to {@code fanOutTo} (several executors, one job) or, when empty, to one; {@code copy}
     * gets the job, which hears its progress.
     */
    CopyJob start(String from, String to, List<String> fanOutTo, Function<CopyJob, Object> copy) {
        collect();
        long running = jobs.values().stream().filter(j -> !j.isDone()).count();
        if (running >= maxRunning) {
            throw new ToolException(running + " copies are running, the most exemux runs at once: wait for one to end"
                    + " (copy_status with its copy_id), then start this one.");
        }
        CopyJob job = new CopyJob("c" + nextId.getAndIncrement(), from, to, fanOutTo);
        jobs.put(job.id, job);
        try {
            threads.execute(() -> job.run(copy));
        } catch (RejectedExecutionException closing) {
            jobs.remove(job.id);
            throw new ToolException("exemux is shutting down; no copy was started.");
        }
        return job;
    }

    /** The job with this id, or a ToolException that says what ids look like and where they come from. */
    CopyJob find(String copyId) {
        if (!COPY_ID.matcher(copyId).matches()) {
            throw new ToolException("Invalid argument 'copy_id': copy ids look like \"c3\" and come from copy_path.");
        }
        collect();
        CopyJob job = jobs.get(copyId);
        if (job == null) {
            throw new ToolException("Unknown copy_id '" + copyId + "': no copy with that id is running or ended in the last "
                    + retention.toMinutes() + " minutes. copy_path returns the id of a copy that is still running.");
        }
        return job;
    }

    /** Forgets copies that ended more than the retention ago. */
    private void collect() {
        long keepNanos = retention.toNanos();
        jobs.values().removeIf(j -> j.endedNanosAgo() > keepNanos);
    }

    /** Cancels every running copy and waits a little for them to clean up on their executors. */
    @Override
    public void close() {
        jobs.values().forEach(CopyJob::cancel);
        threads.shutdown();
        try {
            threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
