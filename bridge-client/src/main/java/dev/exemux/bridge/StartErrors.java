package dev.exemux.bridge;

import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.RemoteCallException;

/**
 * Why a process did not start, said the same way on every release: the peer's own text can be as bare
 * as {@code No such file or directory (os error 2)}, naming neither the program nor the directory.
 * How the failure is classified by release is the dialect's ({@link SpawnErrors}). Under the
 * {@link Launcher} the program the peer starts is {@code /bin/sh}, so what fails at the peer is the
 * working directory; the launcher checks the program itself.
 */
final class StartErrors {

    private StartErrors() {}

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
