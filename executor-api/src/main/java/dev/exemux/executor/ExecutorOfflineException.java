package dev.exemux.executor;

/**
 * The executor cannot be reached now: the gateway says it is offline (HTTP 503), the dial failed, or
 * its circuit breaker is open after repeated failures.
 */
public final class ExecutorOfflineException extends ExecutorException {
    public ExecutorOfflineException(String exeId, String message, Throwable cause) {
        super(exeId, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
