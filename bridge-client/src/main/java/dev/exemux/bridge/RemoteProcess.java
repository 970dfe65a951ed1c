package dev.exemux.bridge;

import dev.exemux.bridge.protocol.ProcessEvent;
import dev.exemux.bridge.protocol.ProcessMessages;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.RemoteCallException;
import java.util.Base64;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process on a remote executor, followed across reconnects. The peer numbers output, exit and close
 * events with one {@code seq} counter and may push {@code exited} before the last output, so events
 * are delivered strictly in seq order, duplicates dropped, and gaps filled with {@code process/read}.
 * The process is over at {@code closed}, not at {@code exited}.
 */
final class RemoteProcess implements ProcessHandle {

    private static final Logger log = LoggerFactory.getLogger(RemoteProcess.class);
    /** How long a seq gap may stand before we ask the peer for what we missed. */
    private static final long GAP_FILL_DELAY_MS = 300;
    /** {@code closed} normally follows {@code exited} at once; if not, we ask. */
    private static final long CLOSE_CHECK_DELAY_MS = 2000;

    private final String id;
    private final RemoteExecutor owner;
    private final ProcessListener listener;
    private final ExitAfterTerminate exitAfterTerminate;
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private final TreeMap<Long, ProcessEvent> early = new TreeMap<>();
    private long delivered;
    private Integer exitCode;
    private boolean terminated;
    private ScheduledFuture<?> gapCheck;
    /** The command under {@link Launcher}, or null for a process started as is (exemux's own helpers). */
    private final LaunchedCommand launched;
    private boolean closedSeen;

    RemoteProcess(String id, RemoteExecutor owner, ExitAfterTerminate exitAfterTerminate, ProcessListener listener) {
        this.id = id;
        this.owner = owner;
        this.exitAfterTerminate = exitAfterTerminate;
        this.listener = listener;
        this.launched = null;
    }

    /** A process run under {@link Launcher}: over once the command itself is, not when its pipes close. */
    RemoteProcess(String id, RemoteExecutor owner, ExitAfterTerminate exitAfterTerminate, LaunchedCommand launched) {
        this.id = id;
        this.owner = owner;
        this.exitAfterTerminate = exitAfterTerminate;
        this.listener = launched;
        this.launched = launched;
        launched.onEnded(this::commandEnded);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<ProcessExit> exit() {
        return exit;
    }

    boolean isDone() {
        return exit.isDone();
    }

    /** A pushed {@code process/output|exited|closed} for this process. */
    synchronized void onEvent(ProcessEvent event) {
        long seq = event.seq();
        if (exit.isDone() || seq <= delivered) {
            return;
        }
        early.put(seq, event);
        drain();
        if (!exit.isDone() && !early.isEmpty()) {
            scheduleCatchUp(GAP_FILL_DELAY_MS);
        }
    }

    private void drain() {
        while (!exit.isDone()) {
            ProcessEvent next = early.remove(delivered + 1);
            if (next == null) {
                return;
            }
            delivered++;
            apply(next);
        }
    }

    private void apply(ProcessEvent event) {
        if (event instanceof ProcessEvent.Output output) {
            deliverChunk(output.stream(), output.chunkBase64());
        } else if (event instanceof ProcessEvent.Exited exited) {
            exitCode = exited.exitCode() != null ? exited.exitCode() : -1;
            if (launched != null && launched.ended()) {
                finish(ProcessExit.exited(normalizedExitCode()));
                return;
            }
            scheduleCatchUp(CLOSE_CHECK_DELAY_MS);
        } else if (event instanceof ProcessEvent.Closed) {
            closedSeen = true;
            finish(ProcessExit.exited(normalizedExitCode()));
        }
    }

    /** The launcher's end tokens arrived (under the lock, from a chunk): over once the exit is known too. */
    private void commandEnded() {
        if (exitCode != null) {
            finish(ProcessExit.exited(normalizedExitCode()));
        }
    }

    private void deliverChunk(String stream, String chunkBase64) {
        if (exit.isDone()) {
            return; // a background child's output after the command ended
        }
        byte[] data = Base64.getDecoder().decode(chunkBase64 == null ? "" : chunkBase64);
        if (data.length == 0) {
            return;
        }
        OutputKind kind = switch (stream == null ? "stdout" : stream) {
            case "stderr" -> OutputKind.STDERR;
            case "pty" -> OutputKind.PTY;
            default -> OutputKind.STDOUT;
        };
        listener.onOutput(kind, data);
    }

    /** The exit code, the same on every release after a terminate (the dialect's {@link ExitAfterTerminate}). */
    private int normalizedExitCode() {
        return exitAfterTerminate.exitCode(exitCode == null ? -1 : exitCode, terminated);
    }

    private void scheduleCatchUp(long delayMs) {
        if (gapCheck != null && !gapCheck.isDone()) {
            return;
        }
        gapCheck = owner.timer().schedule(() -> owner.catchUp(this), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Applies a {@code process/read} answer: delivers what we missed (saying how much the peer no
     * longer retained) and finishes if the peer says the process is closed.
     *
     * @return the seq to read after next, or -1 when nothing more is to be read
     */
    synchronized long applyRead(ProcessMessages.ReadResult read) {
        if (exit.isDone()) {
            return -1;
        }
        long last = delivered;
        // The peer drops only the oldest output: a gap before this answer's first new chunk can be lost
        // output (less the exit, which has a seq but is no chunk); a gap between two of its chunks is an
        // event (an exit before the last output), never lost output.
        boolean firstNew = true;
        boolean exitUnseen = read.exited() && exitCode == null;
        for (ProcessMessages.Chunk chunk : read.chunks()) {
            long seq = chunk.seq();
            if (seq <= delivered) {
                continue;
            }
            if (seq > delivered + 1) {
                // Anything between is an early event we hold, an event we missed, or output past the retention window.
                drain();
                if (seq > delivered + 1) {
                    long missing = !firstNew ? 0 : seq - delivered - 1 - (exitUnseen ? 1 : 0);
                    early.headMap(seq).clear();
                    if (missing > 0) {
                        listener.onOutputLost(missing);
                    }
                    delivered = seq - 1;
                }
            }
            firstNew = false;
            early.remove(seq);
            delivered = seq;
            deliverChunk(chunk.stream(), chunk.chunk());
            last = seq;
        }
        drain();
        if (exit.isDone()) {
            return -1;
        }
        if (last > 0 && !read.chunks().isEmpty()) {
            return last;
        }
        if (read.closed()) {
            if (read.exitCode() != null) {
                exitCode = read.exitCode();
            }
            closedSeen = true;
            finish(ProcessExit.exited(normalizedExitCode()));
        } else if (read.exited() && exitCode == null) {
            exitCode = read.exitCode() != null ? read.exitCode() : -1;
            commandEnded();
        } else if (read.exited() && terminated) {
            // Killed, but something that left the group still holds the output open: it is over for us.
            finish(ProcessExit.exited(normalizedExitCode()));
        }
        return -1;
    }

    synchronized long deliveredSeq() {
        return delivered;
    }

    /** The executor went silent ({@code silentFor}) or answers again (zero); see {@link Liveness}. */
    synchronized void silence(java.time.Duration silentFor) {
        if (!exit.isDone()) {
            listener.onExecutorSilence(silentFor);
        }
    }

    synchronized void lost(String why) {
        finish(ProcessExit.lost(why));
    }

    private void finish(ProcessExit result) {
        if (exit.isDone()) {
            return;
        }
        if (gapCheck != null) {
            gapCheck.cancel(false);
        }
        early.clear();
        try {
            listener.onExit(result);
        } finally {
            exit.complete(result);
            owner.forget(this);
        }
    }

    /** Large input goes out in pieces, in order, each message well below the 16 MiB frame limit. */
    @Override
    public CompletableFuture<Void> write(byte[] data) {
        if (data.length <= RemoteExecutor.MAX_PIECE) {
            return writePiece(data);
        }
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (int from = 0; from < data.length; from += RemoteExecutor.MAX_PIECE) {
            byte[] piece = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + RemoteExecutor.MAX_PIECE));
            all = all.thenCompose(v -> writePiece(piece));
        }
        return all;
    }

    private CompletableFuture<Void> writePiece(byte[] data) {
        return owner.session().thenCompose(s -> s.writeProcess(id, data, UUID.randomUUID().toString())).thenApply(status -> {
            switch (status) {
                case ProcessMessages.WriteResult.ACCEPTED -> { return null; }
                case ProcessMessages.WriteResult.UNKNOWN_PROCESS -> throw new RemoteCallException(owner.id(), RemoteCallException.Reason.NOT_FOUND, 0,
                        "Process " + id + " is no longer known to executor '" + owner.id() + "'.");
                default -> throw new RemoteCallException(owner.id(), RemoteCallException.Reason.OTHER, 0,
                        "The stdin of process " + id + " is closed (" + status + "): start it with stdin piped or a tty.");
            }
        });
    }

    /** SIGINT to the process group, while the command runs, the way the dialect's {@link Signals} reach it. */
    @Override
    public CompletableFuture<Void> interrupt() {
        Long group = groupId();
        boolean leaderRuns;
        synchronized (this) {
            leaderRuns = exitCode == null && !exit.isDone();
        }
        if (!leaderRuns) {
            return CompletableFuture.completedFuture(null); // as on the peer: nothing happens once it ended
        }
        return owner.session().thenCompose(s -> s.dialect().signals().interrupt(s, owner, id, group));
    }

    /**
     * Kills the whole process group: {@code process/terminate} kills it while the launcher (its leader)
     * lives; once the leader has exited, a {@code kill} reaches what the command left running.
     */
    @Override
    public CompletableFuture<Void> terminate() {
        boolean leaderRuns;
        boolean lingering;
        synchronized (this) {
            terminated = true;
            leaderRuns = exitCode == null && !exit.isDone();
            lingering = !closedSeen;
        }
        Long group = groupId();
        if (leaderRuns) {
            return owner.session().thenCompose(s -> s.terminate(id));
        }
        if (lingering && group != null) {
            return owner.killLeftovers(group);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The process group id the launcher reported, or null (not launched, or not known yet). */
    private Long groupId() {
        if (launched == null || !launched.started().isDone() || launched.started().isCompletedExceptionally()) {
            return null;
        }
        long pgid = launched.started().join();
        return pgid > 1 ? pgid : null;
    }
}
