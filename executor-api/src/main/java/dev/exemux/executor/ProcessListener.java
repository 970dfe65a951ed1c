package dev.exemux.executor;

/**
 * Receives a process's output. Calls for one process never overlap and arrive in order; they may
 * run on an I/O thread, so implementations must return quickly and never block.
 */
public interface ProcessListener {

    void onOutput(OutputKind stream, byte[] chunk);

    /**
     * Output the executor no longer retained when we asked for it (e.g. after a reconnect), so it
     * can never be delivered.
     */
    default void onOutputLost(long chunks) {}

    /**
     * The executor stopped answering while this process runs ({@code silentFor} is how long it has not
     * been heard from), so whether the process still runs is unknown; {@link java.time.Duration#ZERO}
     * when it answers again. Only remote executors call it.
     */
    default void onExecutorSilence(java.time.Duration silentFor) {}

    /** The process ended and all its output was delivered; called once, last. */
    void onExit(ProcessExit exit);
}
