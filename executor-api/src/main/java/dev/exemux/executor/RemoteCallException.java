package dev.exemux.executor;

/**
 * The executor answered the call with an error. {@link #reason()} classifies it the same way for
 * every release (codes differ between releases; the OS error text does not).
 */
public final class RemoteCallException extends ExecutorException {

    public enum Reason {
        NOT_FOUND,
        PERMISSION_DENIED,
        IS_A_DIRECTORY,
        NOT_A_DIRECTORY,
        ALREADY_EXISTS,
        DIRECTORY_NOT_EMPTY,
        INVALID_ARGUMENT,
        OTHER
    }

    private final Reason reason;
    private final int code;

    public RemoteCallException(String exeId, Reason reason, int code, String message) {
        super(exeId, message, null);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The JSON-RPC error code as the peer sent it (0 for in-process executors). */
    public int code() {
        return code;
    }
}
