package dev.exemux.executor;

/** No answer within the deadline; the call was abandoned. */
public final class DeadlineExceededException extends ExecutorException {
    public DeadlineExceededException(String exeId, String message) {
        super(exeId, message, null);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
