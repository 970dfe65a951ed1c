package dev.exemux.tools.process;

import dev.exemux.tools.spi.ToolContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A wait on many sessions at once (exec_many, wait_sessions): wakes on any output, loss or exit of any
 * watched session, or on {@link #signal()}, without polling. Close it to stop watching.
 */
final class SessionWatch implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Runnable> unwatch = new ArrayList<>();
    private final long minRecheckNanos;
    private long version;

    /** @param minRecheckNanos at least this long between two checks (a pattern scan costs; 0: none) */
    SessionWatch(long minRecheckNanos) {
        this.minRecheckNanos = minRecheckNanos;
    }

    void add(ProcessSession session) {
        Runnable stop = session.watch(this::signal);
        synchronized (unwatch) {
            unwatch.add(stop);
        }
    }

    /** Something changed: waiters check again. Never blocks for long (called on I/O threads). */
    void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until {@code done} holds, {@code deadlineNanos} (System.nanoTime) passes or the call is
     * cancelled. {@code done} is checked on this thread after every change; {@code tick} runs about once
     * a second meanwhile (progress).
     *
     * @return whether {@code done} held
     */
    boolean await(BooleanSupplier done, long deadlineNanos, ToolContext ctx, Runnable tick) {
        long seen = -1;
        long nextTick = System.nanoTime() + TICK_NANOS;
        long lastCheck = 0;
        while (true) {
            long now = System.nanoTime();
            if (minRecheckNanos > 0 && seen >= 0 && now - lastCheck < minRecheckNanos && deadlineNanos - now > 0) {
                parkNanos(Math.min(minRecheckNanos - (now - lastCheck), deadlineNanos - now));
            }
            long current = currentVersion();
            if (current != seen) {
                seen = current;
                lastCheck = System.nanoTime();
                if (done.getAsBoolean()) {
                    return true;
                }
            }
            now = System.nanoTime();
            if (ctx.isCancelled() || now - deadlineNanos >= 0) {
                return false;
            }
            if (now - nextTick >= 0) {
                tick.run();
                nextTick = now + TICK_NANOS;
            }
            lock.lock();
            try {
                long waitUntil = deadlineNanos - nextTick < 0 ? deadlineNanos : nextTick;
                while (version == seen && !ctx.isCancelled()) {
                    long left = waitUntil - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }
    }

    private long currentVersion() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    private static void parkNanos(long nanos) {
        java.util.concurrent.locks.LockSupport.parkNanos(nanos);
    }

    @Override
    public void close() {
        synchronized (unwatch) {
            unwatch.forEach(Runnable::run);
            unwatch.clear();
        }
    }
}
