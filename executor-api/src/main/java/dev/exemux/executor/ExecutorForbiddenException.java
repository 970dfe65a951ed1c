package dev.exemux.executor;

/** The executor exists but is not in this workspace (HTTP 403). */
public final class ExecutorForbiddenException extends ExecutorException {
    public ExecutorForbiddenException(String exeId, String message) {
        super(exeId, message, null);
    }
}
