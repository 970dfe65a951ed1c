package dev.exemux.bridge;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Keeps a gateway's ACKs coming while a process just started may end any moment. The exec-server writes
 * without TCP_NODELAY, so once it sent the {@code process/start} reply, everything it sends next (the
 * launcher's start token, the output, the exit) waits for that reply's ACK; a gateway that delays its ACKs
 * (40 ms on Linux) thus made a 5 ms process take about 50 ms. A request the gateway forwards to the
 * exec-server carries the ACK along, so while a process is young the cheapest request
 * ({@link ExecSession#ping}) goes out every few milliseconds: what was held follows within them.
 * Measured through {@code TestGateway}: a {@code true} took 46-50 ms, 12-19 ms with the clock.
 * Only through a gateway (a direct connection is this client's own socket, which ACKs at once), and only for
 * the first {@link #WINDOW} of a process: {@link #WINDOW} / {@link #EVERY} pings at most.
 */
final class AckClock {

    static final Duration EVERY = Duration.ofMillis(5);
    static final Duration WINDOW = Duration.ofMillis(100);

    private AckClock() {}

    /** Pings {@code session} every {@link #EVERY} until {@code ended} says so or {@link #WINDOW} has passed. */
    static void run(ScheduledExecutorService timer, ExecSession session, BooleanSupplier ended) {
        long until = System.nanoTime() + WINDOW.toNanos();
        AtomicReference<ScheduledFuture<?>> ticks = new AtomicReference<>();
        ticks.set(timer.scheduleWithFixedDelay(() -> {
            if (ended.getAsBoolean() || System.nanoTime() > until) {
                ScheduledFuture<?> self = ticks.get();
                if (self != null) {
                    self.cancel(false);
                }
                return;
            }
            session.ping();
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS));
    }
}
