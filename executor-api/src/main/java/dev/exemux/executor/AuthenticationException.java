package dev.exemux.executor;

/** The gateway or exec-server refused our credentials (HTTP 401). */
public final class AuthenticationException extends ExecutorException {
    public AuthenticationException(String exeId, String message) {
        super(exeId, message, null);
    }
}
