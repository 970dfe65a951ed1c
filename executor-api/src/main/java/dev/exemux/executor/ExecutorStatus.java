package dev.exemux.executor;

import java.time.Instant;

/**
 * A snapshot of one executor for {@code list_executors}.
 *
 * @param lastError the last failure's actionable message, or null
 * @param info release and platform once known, or null
 * @param gatewayLastSeen when the gateway last saw the executor connected (its discovery answer), or null
 *     when the gateway was not asked or does not list it
 */
public record ExecutorStatus(String exeId, State state, String lastError, ExecutorInfo info, Instant gatewayLastSeen) {

    public enum State {
        /** Never dialed, or closed after being idle. */
        IDLE,
        CONNECTED,
        /** The last attempt failed; see {@code lastError}. */
        FAILING,
        /** Served in-process. */
        EMBEDDED
    }

    /** Without anything heard from the gateway's discovery. */
    public ExecutorStatus(String exeId, State state, String lastError, ExecutorInfo info) {
        this(exeId, state, lastError, info, null);
    }

    public ExecutorStatus withGatewayLastSeen(Instant lastSeen) {
        return new ExecutorStatus(exeId, state, lastError, info, lastSeen);
    }
}
