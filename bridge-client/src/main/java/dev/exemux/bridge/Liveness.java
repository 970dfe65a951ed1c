package dev.exemux.bridge;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices, while an executor has processes to follow, that it stopped answering (no message for
 * {@link #SILENT_AFTER}, although it was pinged after {@link #PROBE_AFTER} of quiet, or the connection is
 * gone), and that it answers again; the processes are told both, so nobody reports a process as running
 * that exemux cannot see. A black-holed connection stays open (TCP does not notice), and WebSocket pings
 * only end it after up to two ping intervals, far too late for a caller waiting on the process.
 */
final class Liveness {

    private static final Logger log = LoggerFactory.getLogger(Liveness.class);
    /** Quiet this long, the peer gets a request it must answer. */
    static final Duration PROBE_AFTER = Duration.ofSeconds(2);
    /**
     * Unheard this long, the executor counts as silent: its ping has gone 5 s without an answer, which a
     * loaded but working exec-server does not do, and a caller learns it within 10 s.
     */
    static final Duration SILENT_AFTER = Duration.ofSeconds(7);
    private static final long TICK_MS = 500;

    private final RemoteExecutor owner;
    private final AtomicBoolean silent = new AtomicBoolean();
    private volatile long lastHeardNanos = System.nanoTime();
    /** When the last ping went out (0: none yet). */
    private volatile long lastProbeNanos;
    private ScheduledFuture<?> ticks;

    Liveness(RemoteExecutor owner) {
        this.owner = owner;
    }

    /** Any message from the peer. Reader thread: quick. */
    void heard() {
        lastHeardNanos = System.nanoTime();
        if (silent.compareAndSet(true, false)) {
            log.info("executor {} answers again", owner.id());
            owner.processes().forEach(p -> {
                p.silence(Duration.ZERO);
                // What it pushed while unheard is lost (a black hole swallows it): ask for it.
                owner.catchUp(p);
            });
        }
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** How long the executor has been silent, or null while it answers. */
    Duration silentFor() {
        return silent.get() ? Duration.ofNanos(System.nanoTime() - lastHeardNanos) : null;
    }

    /** Starts watching (idempotent) because a process was started; ends by itself when none is left. */
    synchronized void watch() {
        if (ticks != null) {
            return;
        }
        // Silence counts from now: before, nobody needed the peer to speak.
        lastHeardNanos = System.nanoTime();
        try {
            ticks = owner.timer().scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the pool is closing
        }
    }

    private void tick() {
        if (owner.processes().isEmpty()) {
            synchronized (this) {
                if (owner.processes().isEmpty() && ticks != null) {
                    ticks.cancel(false);
                    ticks = null;
                }
            }
            return;
        }
        long quiet = System.nanoTime() - lastHeardNanos;
        ExecSession live = owner.liveSession();
        // A ping every PROBE_AFTER while quiet, not one at a time: a black hole swallows a ping, whose call then
        // only ends at its timeout, and the first ping after the light returns is what says it answers again.
        long now = System.nanoTime();
        if (live != null && quiet >= PROBE_AFTER.toNanos() && now - lastProbeNanos >= PROBE_AFTER.toNanos()) {
            lastProbeNanos = now;
            live.ping();
        }
        if (quiet >= SILENT_AFTER.toNanos() && silent.compareAndSet(false, true)) {
            Duration silentFor = Duration.ofNanos(quiet);
            log.warn("executor {} has not answered for {} s{}", owner.id(), silentFor.toSeconds(),
                    live == null ? " (not connected)" : "");
            owner.processes().forEach(p -> p.silence(silentFor));
        }
    }
}
