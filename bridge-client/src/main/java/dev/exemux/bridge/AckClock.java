package dev.exemux.bridge;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps a gateway's ACKs coming while processes just started on one executor may end any moment. The
 * exec-server writes without TCP_NODELAY, so once it sent the {@code process/start} reply, everything it
 * sends next (the launcher's start token, the output, the exit) waits for that reply's ACK; a gateway that
 * delays its ACKs (40 ms on Linux) thus made a 5 ms process take about 50 ms. A request the gateway forwards
 * to the exec-server carries the ACK along, so while a process is young the cheapest request
 * ({@link ExecSession#ping}) goes out every {@link #EVERY}: what was held follows within it. Measured through
 * {@code TestGateway}: a {@code true} took 46-50 ms, 12-19 ms with a request sent every 4 ms beside it; a
 * relay copy's final {@code mv} through {@code bin/exemux} 50 ms, 9-15 ms with this clock.
 *
 * <p>One clock per executor, however many processes start at once (a burst of them, as when exemux stops
 * every session at shutdown, must not multiply the pings): it ticks while any process started in the last
 * {@link #WINDOW} is still running, so a process costs at most {@link #WINDOW} / {@link #EVERY} pings and a
 * burst no more. Only through a gateway (a direct connection is this client's own socket, which ACKs at once).
 */
final class AckClock {

    static final Duration EVERY = Duration.ofMillis(5);
    static final Duration WINDOW = Duration.ofMillis(100);

    private record Young(BooleanSupplier ended, long untilNanos) {}

    private final ScheduledExecutorService timer;
    private final Deque<Young> young = new ArrayDeque<>();
    private ScheduledFuture<?> ticks;
    private ExecSession session;

    AckClock(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** A process was just started on {@code session}: keep ACKs coming until it ended or is no longer young. */
    synchronized void follow(ExecSession session, BooleanSupplier ended) {
        this.session = session;
        young.addLast(new Young(ended, System.nanoTime() + WINDOW.toNanos()));
        if (ticks == null) {
            try {
                ticks = timer.scheduleWithFixedDelay(this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                young.clear(); // shutting down: nothing to hurry
            }
        }
    }

    private void tick() {
        ExecSession to;
        synchronized (this) {
            long now = System.nanoTime();
            young.removeIf(y -> y.ended().getAsBoolean() || now > y.untilNanos());
            if (young.isEmpty()) {
                if (ticks != null) {
                    ticks.cancel(false);
                    ticks = null;
                }
                return;
            }
            to = session;
        }
        to.ping();
    }
}
