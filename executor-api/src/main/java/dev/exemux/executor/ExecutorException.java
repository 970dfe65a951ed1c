package dev.exemux.executor;

/**
 * Base of every failure an {@link Executor} reports. The message says what happened and what to do
 * about it, is fit to show a model or a user as is, and never contains a secret.
 */
public abstract class ExecutorException extends RuntimeException {

    private final String exeId;

    protected ExecutorException(String exeId, String message, Throwable cause) {
        super(message, cause, true, false);
        this.exeId = exeId;
    }

    /** The executor the failure concerns, or null. */
    public String exeId() {
        return exeId;
    }

    /** True when trying the same call again later may succeed. */
    public boolean retryable() {
        return false;
    }
}
