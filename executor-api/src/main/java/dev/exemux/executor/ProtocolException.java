package dev.exemux.executor;

/** The peer sent something that is not the exec-server protocol we know. */
public final class ProtocolException extends ExecutorException {
    public ProtocolException(String exeId, String message, Throwable cause) {
        super(exeId, message, cause);
    }
}
