package dev.exemux.relay;

/**
 * A copy failed. The message names what failed and what to do, is fit for a model to read, and never
 * contains a secret or a ticket. When it is thrown nothing is left at the destination path.
 */
public final class CopyException extends RuntimeException {

    public CopyException(String message) {
        super(message, null, false, false);
    }

    public CopyException(String message, Throwable cause) {
        super(message, cause, true, false);
    }
}
