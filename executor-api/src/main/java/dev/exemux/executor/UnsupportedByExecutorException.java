package dev.exemux.executor;

/** The executor's release lacks the method; callers may fall back to another way. */
public final class UnsupportedByExecutorException extends ExecutorException {
    public UnsupportedByExecutorException(String exeId, String message) {
        super(exeId, message, null);
    }
}
