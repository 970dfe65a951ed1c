package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import java.util.Optional;

/**
 * Why a process did not start, said the same way on every release: the peer's own text can be as bare
 * as {@code No such file or directory (os error 2)}, naming neither the program nor the directory.
 * From 0.171 a failed {@code process/start} carries {@code error.data.kind}, which classifies it;
 * older releases are classified by their message text ({@link RpcErrors#classify}). Under the
 * {@link Launcher} the program the peer starts is {@code /bin/sh}, so what fails at the peer is the
 * working directory; the launcher checks the program itself.
 */
final class StartErrors {

    private StartErrors() {}

    /** The reason a 0.171+ {@code process/start} error states in {@code error.data.kind}, if it does. */
    static Optional<Reason> kind(JsonNode error) {
        JsonNode kind = error.path("data").path("kind");
        if (!kind.isTextual()) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (kind.textValue()) {
            case "spawnNotFound" -> Reason.NOT_FOUND;
            case "spawnPermissionDenied" -> Reason.PERMISSION_DENIED;
            default -> null; // spawnFailed (a cwd that is a file, a bad binary), sandbox failures: the text says more
        });
    }

    static String cannotStart(String program, String cwd) {
        return "Cannot start '" + program + "' in '" + cwd + "'";
    }

    /** A failed {@code process/start} re-worded to name the program and the working directory. */
    static Throwable explain(Throwable failure, String exeId, String program, String cwd) {
        if (!(ExecSession.unwrap(failure) instanceof RemoteCallException e)) {
            return failure;
        }
        String hint = switch (e.reason()) {
            case NOT_FOUND -> " The working directory does not exist on executor '" + exeId + "'.";
            case PERMISSION_DENIED -> " The executor's user may not enter the working directory.";
            case NOT_A_DIRECTORY -> " The working directory is not a directory.";
            default -> "";
        };
        ExecutorException reworded = new RemoteCallException(exeId, e.reason(), e.code(),
                cannotStart(program, cwd) + ": " + e.getMessage() + "." + hint);
        return new java.util.concurrent.CompletionException(reworded);
    }
}
