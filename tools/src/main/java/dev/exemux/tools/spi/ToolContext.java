package dev.exemux.tools.spi;

import java.time.Duration;
import java.time.Instant;

/** What a running tool call can learn about, and tell, the client that made it. */
public interface ToolContext {

    /** The call must have returned by then. */
    Instant deadline();

    default Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Reports progress when the client asked for it (a progress token); otherwise does nothing. */
    void progress(double progress, Double total, String message);

    /** True once the client sent {@code notifications/cancelled} for this call. */
    boolean isCancelled();

    /**
     * Runs {@code action} when the call is cancelled (at once if it already was), so a tool can stop
     * what it started on the executor.
     */
    void onCancel(Runnable action);
}
