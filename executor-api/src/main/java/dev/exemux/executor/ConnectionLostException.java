package dev.exemux.executor;

/** The connection dropped while the call was in flight; its outcome on the executor is unknown. */
public final class ConnectionLostException extends ExecutorException {
    public ConnectionLostException(String exeId, String message, Throwable cause) {
        super(exeId, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
