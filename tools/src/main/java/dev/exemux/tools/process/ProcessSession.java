package dev.exemux.tools.process;

import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.tools.spi.ToolContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One process started by {@code exec_command}: receives its output (on the executor's I/O threads,
 * where it only appends to bounded buffers), remembers how it ended, and lets tool calls wait for
 * news without polling.
 */
final class ProcessSession implements ProcessListener {

    /** How a session stands, as tools report it. */
    enum State {
        RUNNING, EXITED, KILLED, TIMED_OUT, LOST,
        /** Not ended as far as exemux knows, but the executor stopped answering: it may have ended or still run. */
        UNKNOWN;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why exemux stopped the process, if it did. */
    enum StopCause { NONE, KILL_PROCESS, TIMEOUT, CANCELLED }

    /** What a tool call waits for. */
    enum Until { EXIT, OUTPUT_OR_EXIT }

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String id;
    private final String exeId;
    private final String command;
    private final boolean tty;
    private final long timeoutMs;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<ProcessHandle> handle = new CompletableFuture<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final HeadTailBuffer stdout;
    private final HeadTailBuffer stderr;
    private long totalBytes;
    private long lastOutputNanos;
    private long lostChunks;
    private ProcessExit exit;
    private long endNanos;
    private long exitReportedNanos = -1;
    /** Since when the executor has not answered (System.nanoTime), or -1 while it answers. */
    private long silentSinceNanos = -1;
    /** Whether a read has already reported the current silence ({@code state: unknown}). */
    private boolean silenceReported;
    /** Completes when the executor goes silent; replaced when it answers again. Under the lock. */
    private CompletableFuture<Void> silenced = new CompletableFuture<>();
    private volatile StopCause stopCause = StopCause.NONE;
    private volatile ScheduledFuture<?> timeoutTask;
    private volatile ScheduledExecutorService timer;
    /** Waits on many sessions at once (exec_many, wait_sessions) hear of every change here. */
    private final java.util.List<Runnable> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    ProcessSession(String id, String exeId, String command, boolean tty, long timeoutMs, int maxChars) {
        this.id = id;
        this.exeId = exeId;
        this.command = command;
        this.tty = tty;
        this.timeoutMs = timeoutMs;
        this.stdout = new HeadTailBuffer(headCapacity(maxChars), tailCapacity(maxChars));
        this.stderr = new HeadTailBuffer(headCapacity(maxChars), tailCapacity(maxChars));
    }

    // A character is at most 4 bytes: this much always holds the characters a read may show.
    private static int headCapacity(int maxChars) {
        return (maxChars / 2) * 4;
    }

    private static int tailCapacity(int maxChars) {
        return (maxChars - maxChars / 2) * 4;
    }

    String id() {
        return id;
    }

    String exeId() {
        return exeId;
    }

    String command() {
        return command;
    }

    boolean tty() {
        return tty;
    }

    Instant startedAt() {
        return startedAt;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    StopCause stopCause() {
        return stopCause;
    }

    // ---- lifecycle, driven by the tools

    /** The executor started the process: arms the hard time limit, counted from the session's creation. */
    void started(ProcessHandle started, ScheduledExecutorService timer) {
        handle.complete(started);
        this.timer = timer;
        long left = timeoutMs - elapsedMs();
        try {
            timeoutTask = timer.schedule(() -> stop(StopCause.TIMEOUT), Math.max(0, left), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            stop(StopCause.CANCELLED); // the tools were closed while it was starting
            return;
        }
        if (ended()) {
            timeoutTask.cancel(false);
        }
    }

    /** The executor could not start it: nothing runs, and a pending stop has nothing to do. */
    void failedToStart(Throwable failure) {
        handle.completeExceptionally(failure);
    }

    /** Terminates the process (once it has started, if it has not yet), remembering that exemux did it and why. */
    CompletableFuture<Void> stop(StopCause cause) {
        lock.lock();
        try {
            if (exit == null && stopCause == StopCause.NONE) {
                stopCause = cause;
            }
        } finally {
            lock.unlock();
        }
        CompletableFuture<Void> terminated = handle.thenCompose(ProcessHandle::terminate);
        terminated.whenComplete((v, failure) -> {
            if (failure != null) {
                retryStop(1);
            }
        });
        return terminated;
    }

    /** How often, a second apart, a failed terminate is tried again (longer than any peer's grace period). */
    private static final int STOP_RETRIES = 90;

    /**
     * A terminate that failed (typically the connection dropped as it was sent) is retried until the
     * process has ended or is lost: a time limit or a cancellation must not leave it running.
     */
    private void retryStop(int attempt) {
        ScheduledExecutorService t = timer;
        if (t == null || ended() || attempt > STOP_RETRIES) {
            return;
        }
        try {
            t.schedule(() -> handle.thenCompose(ProcessHandle::terminate).whenComplete((v, failure) -> {
                if (failure != null) {
                    retryStop(attempt + 1);
                }
            }), 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the tools are closing and stop every session themselves
        }
    }

    /**
     * After the process ended: kills what it left running in its process group (a background child that
     * still holds its output); nothing when there is none.
     */
    CompletableFuture<Void> stopLeftovers() {
        return handle.isCompletedExceptionally() ? CompletableFuture.completedFuture(null)
                : handle.thenCompose(ProcessHandle::terminate);
    }

    CompletableFuture<Void> interrupt() {
        return handle.thenCompose(ProcessHandle::interrupt);
    }

    /**
     * Sends input, unless the executor is silent; fails as soon as it goes silent meanwhile: a write it
     * may never answer must not hold the call.
     */
    CompletableFuture<Void> write(byte[] input) {
        CompletableFuture<Void> silent;
        lock.lock();
        try {
            silent = silenced;
        } finally {
            lock.unlock();
        }
        if (silent.isDone()) {
            return CompletableFuture.failedFuture(silentWrite("the input was not sent"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        handle.thenCompose(h -> h.write(input)).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e);
            }
        });
        silent.thenRun(() -> result.completeExceptionally(silentWrite("the input may or may not have arrived")));
        return result;
    }

    private ExecutorOfflineException silentWrite(String what) {
        return new ExecutorOfflineException(exeId, "Executor '" + exeId + "' has not answered for "
                + OutputReport.duration(silentMs()) + ", so " + what + " (session " + id + "). Call read_output once it"
                + " answers again (exemux keeps reconnecting), then type again if needed.", null);
    }

    /** How long the executor has not answered, or 0 while it answers. */
    long silentMs() {
        lock.lock();
        try {
            return silentSinceNanos < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSinceNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Makes the output capacity for {@code maxChars} characters per stream apply from the next read on. */
    void resize(int maxChars) {
        lock.lock();
        try {
            stdout.resize(headCapacity(maxChars), tailCapacity(maxChars));
            stderr.resize(headCapacity(maxChars), tailCapacity(maxChars));
        } finally {
            lock.unlock();
        }
    }

    // ---- ProcessListener: I/O threads; append and signal only

    @Override
    public void onOutput(OutputKind stream, byte[] chunk) {
        lock.lock();
        try {
            (stream == OutputKind.STDERR ? stderr : stdout).append(chunk);
            totalBytes += chunk.length;
            lastOutputNanos = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyWatchers();
    }

    @Override
    public void onOutputLost(long chunks) {
        lock.lock();
        try {
            lostChunks += chunks;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyWatchers();
    }

    @Override
    public void onExecutorSilence(Duration silentFor) {
        lock.lock();
        try {
            if (silentFor.isZero()) {
                silentSinceNanos = -1;
                silenceReported = false;
                if (silenced.isDone()) {
                    silenced = new CompletableFuture<>();
                }
            } else {
                silentSinceNanos = System.nanoTime() - silentFor.toNanos();
                silenced.complete(null);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onExit(ProcessExit processExit) {
        lock.lock();
        try {
            if (exit == null) {
                exit = processExit;
                endNanos = System.nanoTime();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyWatchers();
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    /**
     * Runs {@code watcher} after every output chunk, loss and the exit, on the thread that delivered it:
     * it must only signal, never block. Returns what removes it.
     */
    Runnable watch(Runnable watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private void notifyWatchers() {
        for (Runnable w : watchers) {
            w.run();
        }
    }

    // ---- reading

    boolean ended() {
        lock.lock();
        try {
            return exit != null;
        } finally {
            lock.unlock();
        }
    }

    /** Everything since the last read (each stream within {@code maxChars}), and the exit once it happened. */
    Snapshot read(int maxChars) {
        return drain().render(maxChars, maxChars);
    }

    /**
     * Takes everything since the last read, unrendered (exec_many compares executors' output before it
     * shares its budget among them): the one read path, so nothing is delivered twice or lost.
     */
    Drained drain() {
        HeadTailBuffer.Captured out;
        HeadTailBuffer.Captured err;
        long lost;
        ProcessExit ended;
        long durationMs;
        long silentMs;
        State state;
        lock.lock();
        try {
            ended = exit;
            state = state(ended);
            silentMs = ended == null ? silentMs() : 0;
            if (state == State.UNKNOWN) {
                silenceReported = true;
            }
            out = stdout.drain(ended != null);
            err = stderr.drain(ended != null);
            lost = lostChunks;
            lostChunks = 0;
            durationMs = ended != null ? TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos) : elapsedMs();
            if (ended != null && exitReportedNanos < 0) {
                exitReportedNanos = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
        return new Drained(this, state, exitCode(ended), durationMs, out, err, lost,
                ended == null ? null : ended.failure(), silentMs);
    }

    /** Unread output as text (the last {@code maxBytes} of each stream), left unread: for matching a pattern. */
    String peekText(int maxBytes) {
        HeadTailBuffer.Captured out;
        HeadTailBuffer.Captured err;
        lock.lock();
        try {
            out = stdout.peek();
            err = stderr.peek();
        } finally {
            lock.unlock();
        }
        return lastText(out, maxBytes) + "\n" + lastText(err, maxBytes);
    }

    private static String lastText(HeadTailBuffer.Captured c, int maxBytes) {
        byte[] b = c.dropped() == 0 ? OutputText.concat(c.head(), c.tail()) : c.tail();
        int from = dev.exemux.tools.text.Utf8.skipContinuations(b, Math.max(0, b.length - maxBytes), b.length);
        return dev.exemux.tools.text.Utf8.decode(b, from, b.length).text();
    }

    /** A summary that reads no output (for list_sessions and kill_process); the output stays unread. */
    Status status() {
        lock.lock();
        try {
            long durationMs = exit != null ? TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos) : elapsedMs();
            return new Status(state(exit), exitCode(exit), durationMs, totalBytes);
        } finally {
            lock.unlock();
        }
    }

    record Status(State state, Integer exitCode, long durationMs, long totalBytes) {}

    /** One read's output as captured, before it is cut to a size. */
    record Drained(ProcessSession session, State state, Integer exitCode, long durationMs,
                   HeadTailBuffer.Captured stdout, HeadTailBuffer.Captured stderr, long lostChunks, String failure,
                   long silentMs) {

        Snapshot render(int stdoutChars, int stderrChars) {
            return new Snapshot(session, state, exitCode, durationMs, OutputText.render(stdout, stdoutChars, session.tty()),
                    OutputText.render(stderr, stderrChars, session.tty()), lostChunks, failure, silentMs);
        }
    }

    /** The result of one read; {@code silentMs} > 0 when the state is unknown because the executor is silent. */
    record Snapshot(ProcessSession session, State state, Integer exitCode, long durationMs,
                    OutputText stdout, OutputText stderr, long lostChunks, String failure, long silentMs) {}

    /** An exit nobody saw (the process was lost) has no exit code: null, never a made-up -1. */
    private static Integer exitCode(ProcessExit ended) {
        return ended == null || ended.isLost() ? null : ended.exitCode();
    }

    /** Under the lock. */
    private State state(ProcessExit ended) {
        if (ended == null) {
            return silentSinceNanos >= 0 ? State.UNKNOWN : State.RUNNING;
        }
        if (ended.isLost()) {
            return State.LOST;
        }
        return switch (stopCause) {
            case TIMEOUT -> State.TIMED_OUT;
            case KILL_PROCESS, CANCELLED -> State.KILLED;
            case NONE -> State.EXITED;
        };
    }

    /** True once the end was reported to a caller and {@code retention} has passed since. */
    boolean collectable(Duration retention) {
        lock.lock();
        try {
            return exitReportedNanos >= 0 && System.nanoTime() - exitReportedNanos >= retention.toNanos();
        } finally {
            lock.unlock();
        }
    }

    long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    long totalBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of output held in memory now, across both streams. */
    int heldBytes() {
        lock.lock();
        try {
            return stdout.heldBytes() + stderr.heldBytes();
        } finally {
            lock.unlock();
        }
    }

    // ---- waiting

    /** Wakes waiters so they re-check (e.g. their call was cancelled). */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyWatchers();
    }

    /**
     * An interactive program's reply counts as complete once it has been silent this long: the echo of
     * the input comes first, and a prompt waiting for input prints nothing more.
     */
    static final long REPLY_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    /**
     * Waits the way every call that returns this session's output does (exec_command, write_stdin,
     * read_output, and anything else that must answer "exactly as read_output would"): until the
     * process ends or {@code deadlineNanos} passes; under a tty, where a program may wait for input
     * forever, until it printed something and went quiet for {@link #REPLY_QUIET_NANOS}. Output beyond
     * what a read shows is kept as head and tail with the omitted count, so waiting longer costs no
     * more calls. Follow with {@link #read(int)}.
     *
     * @return true if the process ended or (tty) replied
     */
    boolean collect(long deadlineNanos, ToolContext ctx, Runnable tick) {
        return tty ? await(Until.OUTPUT_OR_EXIT, REPLY_QUIET_NANOS, deadlineNanos, ctx, tick)
                : await(Until.EXIT, 0, deadlineNanos, ctx, tick);
    }

    /** Whether {@link #collect} would return now (the process ended, or under a tty it replied): for waits over many sessions. */
    boolean collected() {
        lock.lock();
        try {
            return tty ? untilRecheck(Until.OUTPUT_OR_EXIT, REPLY_QUIET_NANOS, System.nanoTime()) == 0 : exit != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until {@code until} holds, {@code deadlineNanos} (System.nanoTime) passes or the call is
     * cancelled, running {@code tick} about once a second meanwhile. With {@code quietNanos > 0},
     * output counts only once the process has been silent that long, so a reply is read whole. The
     * executor going silent ends it too: waiting on would only hide that nobody can see the process (a
     * wait that begins after a read already reported the silence waits for the executor to come back).
     *
     * @return true if {@code until} holds
     */
    boolean await(Until until, long quietNanos, long deadlineNanos, ToolContext ctx, Runnable tick) {
        long nextTick = System.nanoTime() + TICK_NANOS;
        boolean silentAtStart;
        lock.lock();
        try {
            // A silence nobody was told of yet ends the wait at once (even one that began before it, e.g.
            // while the process was starting); one already reported is waited out.
            silentAtStart = silentSinceNanos >= 0 && silenceReported;
        } finally {
            lock.unlock();
        }
        while (true) {
            lock.lock();
            try {
                while (true) {
                    long now = System.nanoTime();
                    long recheck = !silentAtStart && silentSinceNanos >= 0 ? 0 : untilRecheck(until, quietNanos, now);
                    if (recheck == 0) {
                        return true;
                    }
                    if (ctx.isCancelled() || now - deadlineNanos >= 0) {
                        return false;
                    }
                    if (now - nextTick >= 0) {
                        break;
                    }
                    changed.awaitNanos(Math.min(recheck, Math.min(deadlineNanos - now, nextTick - now)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
            tick.run();
            nextTick = System.nanoTime() + TICK_NANOS;
        }
    }

    /** 0 when {@code until} holds, else how long until it could hold without a signal. Under the lock. */
    private long untilRecheck(Until until, long quietNanos, long now) {
        if (exit != null) {
            return 0;
        }
        if (until == Until.EXIT || (!stdout.hasNews() && !stderr.hasNews() && lostChunks == 0)) {
            return Long.MAX_VALUE;
        }
        long silent = now - lastOutputNanos;
        return silent >= quietNanos ? 0 : quietNanos - silent;
    }
}
