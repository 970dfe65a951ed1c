package dev.exemux.local;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to a process's listener: chunks go through one at a time, and {@code onExit} comes once,
 * only after the process has exited and every output stream has reached its end.
 *
 * <p>A process that leaves a background child holding its stdout would never reach that end; once the
 * process has exited and its streams stayed quiet for {@link #QUIET_AFTER_EXIT_MS}, the exit is
 * delivered anyway and later output from the leftover child is dropped (it can't follow {@code onExit}).
 */
final class ProcessOutput {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessOutput.class);
    static final long QUIET_AFTER_EXIT_MS = 2000;

    private final String processId;
    private final ProcessListener listener;
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private int openStreams;
    private Integer exitCode;
    private boolean done;
    private long lastActivityNanos = System.nanoTime();
    private long droppedBytes;

    ProcessOutput(String processId, ProcessListener listener, int streams) {
        this.processId = processId;
        this.listener = listener;
        this.openStreams = streams;
    }

    CompletableFuture<ProcessExit> exit() {
        return exit;
    }

    synchronized void deliver(OutputKind stream, byte[] chunk) {
        if (done) {
            if (droppedBytes == 0) {
                LOG.debug("Process {} already reported its exit; dropping output of a child it left running", processId);
            }
            droppedBytes += chunk.length;
            return;
        }
        lastActivityNanos = System.nanoTime();
        try {
            listener.onOutput(stream, chunk);
        } catch (RuntimeException e) {
            LOG.warn("Output listener of process {} failed", processId, e);
        }
    }

    void streamClosed() {
        ProcessExit result;
        synchronized (this) {
            openStreams--;
            result = completeIfDrained();
        }
        report(result);
        if (!streamsOpen()) {
            drained.complete(null);
        }
    }

    /** Whether something still holds an output stream open: the process, or a child it left running. */
    synchronized boolean streamsOpen() {
        return openStreams > 0;
    }

    /** Completes once every output stream reached its end: nothing the process started holds them any more. */
    CompletableFuture<Void> drained() {
        return drained;
    }

    void exited(int code) {
        ProcessExit result;
        synchronized (this) {
            exitCode = code;
            lastActivityNanos = System.nanoTime();
            result = completeIfDrained();
        }
        report(result);
    }

    /**
     * Delivers the exit if the process has exited and its streams have been quiet for {@code requiredQuietMs}.
     *
     * @return true while the exit is still pending (check again later)
     */
    boolean reportExitIfQuiet(long requiredQuietMs) {
        ProcessExit result;
        synchronized (this) {
            if (done) {
                return false;
            }
            long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (exitCode == null || quietMs < requiredQuietMs) {
                return true;
            }
            LOG.debug("Process {} exited but a child it started still holds its output open; reporting the exit now",
                    processId);
            done = true;
            result = ProcessExit.exited(exitCode);
        }
        report(result);
        return false;
    }

    private ProcessExit completeIfDrained() {
        if (done || exitCode == null || openStreams > 0) {
            return null;
        }
        done = true;
        return ProcessExit.exited(exitCode);
    }

    /** Outside the lock: once {@code done} is set no chunk can reach the listener, so nothing overlaps. */
    private void report(ProcessExit result) {
        if (result == null) {
            return;
        }
        try {
            listener.onExit(result);
        } catch (RuntimeException e) {
            LOG.warn("Exit listener of process {} failed", processId, e);
        }
        exit.complete(result);
    }
}
