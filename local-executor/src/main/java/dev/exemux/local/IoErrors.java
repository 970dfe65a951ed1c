package dev.exemux.local;

import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns java.nio failures into the {@link RemoteCallException}s a remote executor reports for the same
 * OS error, with the OS wording ("No such file or directory: /tmp/x") and never a stack trace.
 */
final class IoErrors {

    static final String EXE_ID = "local";

    private IoErrors() {}

    static RemoteCallException of(IOException e, Path subject) {
        String file = subject == null ? null : subject.toString();
        String reasonText = e.getMessage();
        if (e instanceof FileSystemException fse) {
            if (fse.getFile() != null) {
                file = fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
            }
            reasonText = fse.getReason();
        }
        Reason reason = classify(e, reasonText);
        String text = switch (reason) {
            case NOT_FOUND -> "No such file or directory";
            case PERMISSION_DENIED -> "Permission denied";
            case IS_A_DIRECTORY -> "Is a directory";
            case NOT_A_DIRECTORY -> "Not a directory";
            case ALREADY_EXISTS -> "File exists";
            case DIRECTORY_NOT_EMPTY -> "Directory not empty";
            default -> reasonText == null || reasonText.isBlank() ? "I/O error" : reasonText;
        };
        return new RemoteCallException(EXE_ID, reason, 0, file == null ? text : text + ": " + file);
    }

    static RemoteCallException invalid(String message) {
        return new RemoteCallException(EXE_ID, Reason.INVALID_ARGUMENT, 0, message);
    }

    static RemoteCallException failure(Reason reason, String message) {
        return new RemoteCallException(EXE_ID, reason, 0, message);
    }

    private static Reason classify(IOException e, String reasonText) {
        if (e instanceof NoSuchFileException) {
            return Reason.NOT_FOUND;
        }
        if (e instanceof AccessDeniedException) {
            return Reason.PERMISSION_DENIED;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Reason.DIRECTORY_NOT_EMPTY;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Reason.ALREADY_EXISTS;
        }
        if (e instanceof NotDirectoryException) {
            return Reason.NOT_A_DIRECTORY;
        }
        return classifyText(reasonText);
    }

    /** The JDK reports some errno values only as text (e.g. EISDIR from a read). */
    static Reason classifyText(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (t.contains("no such file")) {
            return Reason.NOT_FOUND;
        }
        if (t.contains("permission denied") || t.contains("operation not permitted")) {
            return Reason.PERMISSION_DENIED;
        }
        if (t.contains("is a directory")) {
            return Reason.IS_A_DIRECTORY;
        }
        if (t.contains("not a directory")) {
            return Reason.NOT_A_DIRECTORY;
        }
        if (t.contains("file exists")) {
            return Reason.ALREADY_EXISTS;
        }
        if (t.contains("directory not empty")) {
            return Reason.DIRECTORY_NOT_EMPTY;
        }
        return Reason.OTHER;
    }
}
