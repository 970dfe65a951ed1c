package dev.exemux.bridge;

/**
 * The {@link Dialect}'s exit code after {@code process/terminate}: releases up to 0.147 report -1, later
 * ones 137 (128 + SIGKILL). The bridge reports 137 on every release.
 */
enum ExitAfterTerminate {
    /**
     * Up to 0.147, and every release that reports no capabilities (before 0.150: 0.148 and 0.149 cannot be
     * told from 0.147 at the handshake, and already report 137, which passes unchanged).
     */
    MINUS_ONE,
    /** 0.148 and later. */
    SIGKILL_STATUS;

    /** The exit code to report for {@code reported}, when the process was terminated by exemux or not. */
    int exitCode(int reported, boolean terminated) {
        return this == MINUS_ONE && terminated && reported == -1 ? 137 : reported;
    }
}
