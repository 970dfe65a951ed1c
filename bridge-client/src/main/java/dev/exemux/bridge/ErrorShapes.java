package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import dev.exemux.executor.UnsupportedByExecutorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link Dialect}'s error shapes: how an exec-server error reply becomes an {@link ExecutorException}.
 * Codes differ between releases (EACCES -32603 in 0.120, -32600 after; {@code fs/readFile} on a
 * directory -32603 "Is a directory (os error 21)" up to 0.141, -32600 "is not a file" after); the OS
 * error text does not, so it decides first and one shape serves every release. It also serves before
 * the handshake, when no dialect is known yet ({@code initialize}'s own errors).
 */
enum ErrorShapes {
    /** Classified by the {@code (os error N)} text first, then the message, then the code. */
    OS_ERROR_TEXT;

    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int NOT_FOUND = -32004;

    private static final Pattern OS_ERROR = Pattern.compile("\\(os error (\\d+)\\)");

    /**
     * @param spawn how this release states why a {@code process/start} failed
     */
    ExecutorException toException(String exeId, String method, JsonNode error, SpawnErrors spawn) {
        int code = error.path("code").asInt(0);
        String message = error.path("message").asText("");
        if (code == METHOD_NOT_FOUND) {
            return new UnsupportedByExecutorException(exeId, "Executor '" + exeId + "' runs an exec-server release without "
                    + method + "; this operation is not supported by that executor.");
        }
        Reason reason = spawn.reason(method, error).orElseGet(() -> classify(code, message));
        return new RemoteCallException(exeId, reason, code, message.isEmpty() ? method + " failed (code " + code + ")" : message);
    }

    static Reason classify(int code, String message) {
        Matcher m = OS_ERROR.matcher(message);
        if (m.find()) {
            switch (Integer.parseInt(m.group(1))) {
                case 2: return Reason.NOT_FOUND;
                case 13: case 1: return Reason.PERMISSION_DENIED;
                case 21: return Reason.IS_A_DIRECTORY;
                case 20: return Reason.NOT_A_DIRECTORY;
                case 17: return Reason.ALREADY_EXISTS;
                case 39: return Reason.DIRECTORY_NOT_EMPTY;
                default: break;
            }
        }
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("is not a file")) {
            return Reason.IS_A_DIRECTORY;
        }
        // "unknown process id X" (-32600 on every release): a process/* call about an id the session never had.
        if (code == NOT_FOUND || lower.contains("no such file") || lower.contains("unknown process")) {
            return Reason.NOT_FOUND;
        }
        if (lower.contains("permission denied")) {
            return Reason.PERMISSION_DENIED;
        }
        if (code == INVALID_PARAMS) {
            return Reason.INVALID_ARGUMENT;
        }
        return Reason.OTHER;
    }
}
