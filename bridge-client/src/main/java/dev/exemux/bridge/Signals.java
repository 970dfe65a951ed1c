package dev.exemux.bridge;

import java.util.concurrent.CompletableFuture;

/**
 * The {@link Dialect}'s signals: how an interrupt (SIGINT) reaches a command's process group. Either way
 * it works on every release, which is what {@code ExecutorInfo.Capabilities.interrupt} says.
 */
enum Signals {
    /** 0.140+: {@code process/signal interrupt}, which reaches the whole group while its leader lives. */
    PROCESS_SIGNAL,
    /** Before 0.140: a small {@code kill -s INT -- -PGID} process ({@link Launcher#signalGroup}). */
    KILL_HELPER;

    /**
     * @param group the process group the launcher reported, or null (not launched, or not known yet:
     *     then only {@code process/signal} can try, and a release without it says it is unsupported)
     */
    CompletableFuture<Void> interrupt(ExecSession session, RemoteExecutor owner, String processId, Long group) {
        if (this == PROCESS_SIGNAL || group == null) {
            return session.signal(processId);
        }
        return owner.signalGroup(group, "INT");
    }
}
