package dev.exemux.testing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The faults a test injected per exe_id, read by live connections frame by frame. */
final class Faults {

    private final Set<String> blackholed = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Duration> downstreamDelays = new ConcurrentHashMap<>();

    void blackhole(String exeId, boolean on) {
        if (on) {
            blackholed.add(exeId);
        } else {
            blackholed.remove(exeId);
        }
    }

    void delay(String exeId, Duration delay) {
        if (delay == null || delay.isZero()) {
            downstreamDelays.remove(exeId);
        } else if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        } else {
            downstreamDelays.put(exeId, delay);
        }
    }

    /** Client to upstream: only the black hole applies. */
    FramePump.Gate upstreamGate(String exeId) {
        return gate(exeId, false);
    }

    /** Upstream to client: the black hole and the per-message delay. */
    FramePump.Gate downstreamGate(String exeId) {
        return gate(exeId, true);
    }

    private FramePump.Gate gate(String exeId, boolean delayed) {
        return new FramePump.Gate() {
            @Override
            public boolean passes() {
                return !blackholed.contains(exeId);
            }

            @Override
            public Duration delayBeforeMessage() {
                return delayed ? downstreamDelays.getOrDefault(exeId, Duration.ZERO) : Duration.ZERO;
            }
        };
    }
}
