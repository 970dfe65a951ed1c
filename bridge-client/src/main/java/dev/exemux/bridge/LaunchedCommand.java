package dev.exemux.bridge;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.RemoteCallException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A command run under {@link Launcher}, seen through its output: removes the launcher's tokens before
 * the output reaches the real listener, learns the process group id from the start token, a start
 * failure from a failure token, and that the command itself ended once an end token came on every
 * stream. Called by {@link RemoteProcess} one chunk at a time, in order, under its lock.
 */
final class LaunchedCommand implements ProcessListener {

    /** A token after the marker is a letter, then digits or a word and ';' (or nothing, for the end). */
    private static final int MAX_TOKEN = 32;

    private final byte[] marker;
    private final ProcessListener listener;
    private final String program;
    private final String where;
    private final String exeId;
    private final Map<OutputKind, byte[]> pending = new EnumMap<>(OutputKind.class);
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    /** Completes when the executor first goes silent while this command is followed. */
    private final CompletableFuture<Void> wentSilent = new CompletableFuture<>();
    private int endsToSee;
    private Runnable onEnded = () -> { };

    /**
     * @param program the program as the caller named it, and {@code where} the directory it starts in,
     *     for messages
     */
    LaunchedCommand(byte[] marker, ProcessListener listener, String exeId, String program, String where) {
        this.marker = marker;
        this.listener = listener;
        this.exeId = exeId;
        this.program = program;
        this.where = where;
        this.endsToSee = 2; // one on stdout, one on stderr; under a tty both arrive on the one terminal stream
    }

    /** Completes with the process group id once the command runs; fails if it could not be started. */
    CompletableFuture<Long> started() {
        return started;
    }

    /**
     * Completes when the executor stops answering while the command is followed. Before {@link #started()}
     * the start token may be swallowed with everything else; and the token may come before
     * {@code process/start}'s reply (the peer streams output beside answering), which the silence then
     * swallows. Either way the caller gets the process (its state unknown) instead of a wait that can only
     * end in a timeout. The token still completes {@link #started()} once it arrives.
     */
    CompletableFuture<Void> wentSilent() {
        return wentSilent;
    }

    /** Whether both end tokens arrived: the command itself is over. */
    boolean ended() {
        return endsToSee == 0;
    }

    /** Runs when the last end token arrives. */
    void onEnded(Runnable action) {
        this.onEnded = action;
    }

    @Override
    public void onOutput(OutputKind stream, byte[] chunk) {
        byte[] held = pending.remove(stream);
        byte[] data = held == null ? chunk : concat(held, chunk);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int from = 0;
        int i = 0;
        while (i < data.length) {
            if (data[i] != marker[0]) {
                i++;
                continue;
            }
            int token = tokenLength(data, i);
            if (token == INCOMPLETE) {
                pending.put(stream, Arrays.copyOfRange(data, i, data.length));
                break;
            }
            if (token == NONE) {
                i++;
                continue;
            }
            out.write(data, from, i - from);
            apply(data, i + marker.length, token);
            i += marker.length + token;
            from = i;
        }
        int end = pending.containsKey(stream) ? data.length - pending.get(stream).length : data.length;
        out.write(data, from, Math.max(0, end - from));
        if (out.size() > 0) {
            listener.onOutput(stream, out.toByteArray());
        }
        if (endsToSee == 0) {
            Runnable action = onEnded;
            onEnded = () -> { };
            action.run();
        }
    }

    private static final int INCOMPLETE = -1;
    private static final int NONE = -2;

    /** The length of the token after a marker at {@code at}, or INCOMPLETE / NONE. */
    private int tokenLength(byte[] data, int at) {
        int n = Math.min(marker.length, data.length - at);
        for (int k = 0; k < n; k++) {
            if (data[at + k] != marker[k]) {
                return NONE;
            }
        }
        int body = at + marker.length;
        if (body >= data.length) {
            return INCOMPLETE;
        }
        byte kind = data[body];
        if (kind == 'e') {
            return 1;
        }
        if (kind != 's' && kind != 'f') {
            return NONE;
        }
        for (int k = body + 1; k < data.length && k - body < MAX_TOKEN; k++) {
            if (data[k] == ';') {
                return k - body + 1;
            }
        }
        return data.length - body < MAX_TOKEN ? INCOMPLETE : NONE;
    }

    private void apply(byte[] data, int body, int length) {
        String value = new String(data, body + 1, Math.max(0, length - 2), StandardCharsets.US_ASCII);
        switch (data[body]) {
            case 'e' -> endsToSee = Math.max(0, endsToSee - 1);
            case 's' -> {
                try {
                    started.complete(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    started.complete(-1L);
                }
            }
            default -> {
                RemoteCallException failure = startFailure(value);
                started.completeExceptionally(failure);
                if (wentSilent.isDone()) {
                    // The caller already has the process: the reason goes where it will read it.
                    listener.onOutput(OutputKind.STDERR, (failure.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private RemoteCallException startFailure(String kind) {
        return switch (kind) {
            case "notfound" -> new RemoteCallException(exeId, RemoteCallException.Reason.NOT_FOUND, 0,
                    cannotStart() + ": No such file or directory" + (program.contains("/") ? "."
                            : " (no such program on the PATH)."));
            case "denied" -> new RemoteCallException(exeId, RemoteCallException.Reason.PERMISSION_DENIED, 0,
                    cannotStart() + ": Permission denied (it is a directory or not executable).");
            default -> new RemoteCallException(exeId, RemoteCallException.Reason.OTHER, 0,
                    cannotStart() + ": its stdin could not be opened on the executor.");
        };
    }

    private String cannotStart() {
        return StartErrors.cannotStart(program, where);
    }

    @Override
    public void onOutputLost(long chunks) {
        listener.onOutputLost(chunks);
    }

    @Override
    public void onExecutorSilence(java.time.Duration silentFor) {
        listener.onExecutorSilence(silentFor); // first: whoever the start returns to has already been told
        if (!silentFor.isZero()) {
            wentSilent.complete(null);
        }
    }

    /** Held bytes that turned out not to start a token are output after all. */
    @Override
    public void onExit(ProcessExit exit) {
        for (Map.Entry<OutputKind, byte[]> held : pending.entrySet()) {
            listener.onOutput(held.getKey(), held.getValue());
        }
        pending.clear();
        if (!started.isDone()) {
            // Over without a word from the launcher (killed at once, or a peer that ran it some other way):
            // the start stands, the exit says the rest; there is just no group to signal.
            started.complete(-1L);
        }
        listener.onExit(exit);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
