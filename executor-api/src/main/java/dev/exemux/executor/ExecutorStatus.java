package dev.exemux.executor;

/**
 * A snapshot of one executor for {@code list_executors}.
 *
 * @param lastError the last failure's actionable message, or null
 * @param info release and platform once known, or null
 */
public record ExecutorStatus(String exeId, State state, String lastError, ExecutorInfo info) {

    public enum State {
        /** Never dialed, or closed after being idle. */
        IDLE,
        CONNECTED,
        /** The last attempt failed; see {@code lastError}. */
        FAILING,
        /** Served in-process. */
        EMBEDDED
    }
}
