package dev.exemux.executor;

/**
 * How a process ended.
 *
 * @param exitCode the exit status; by a signal, 128 + signal number where known, or -1; meaningless when
 *     {@link #isLost()} (nobody saw the exit: report it as unknown, never as -1)
 * @param failure why the process could not be followed to its end (e.g. session lost), or null
 */
public record ProcessExit(int exitCode, String failure) {

    public static ProcessExit exited(int exitCode) {
        return new ProcessExit(exitCode, null);
    }

    public static ProcessExit lost(String failure) {
        return new ProcessExit(-1, failure);
    }

    public boolean isLost() {
        return failure != null;
    }
}
