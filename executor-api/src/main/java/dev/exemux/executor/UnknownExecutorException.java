package dev.exemux.executor;

/** The exe_id is malformed, not served by this exemux, or unknown to the gateway (HTTP 404). */
public final class UnknownExecutorException extends ExecutorException {
    public UnknownExecutorException(String exeId, String message) {
        super(exeId, message, null);
    }
}
