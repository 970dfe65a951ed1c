package dev.exemux.tools.patch;

/** A patch that cannot be parsed or applied, with a message for the model that wrote it (naming the line). */
public final class PatchException extends RuntimeException {

    public PatchException(String message) {
        super(message, null, false, false);
    }

    /** A problem at a 1-based line of the patch text. */
    static PatchException at(int line, String message) {
        return new PatchException("line " + line + ": " + message);
    }
}
