package dev.exemux.executor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a short helper command on an executor and collects its output, for the operations the protocol
 * lacks (rename, checksums, HTTP transfers). Not for user commands: output is held in memory, capped.
 */
public final class ProcessRunner {

    /** Helper commands print little; anything past this is dropped, so a runaway one costs bounded memory. */
    public static final int MAX_CAPTURE = Limits.PROCESS_CAPTURE;

    private ProcessRunner() {}

    public static CompletableFuture<Result> run(Executor executor, List<String> argv) {
        return run(executor, new ProcessSpec(argv, null, null, false, false));
    }

    public static CompletableFuture<Result> run(Executor executor, ProcessSpec spec) {
        return start(executor, spec).thenCompose(Started::result);
    }

    /**
     * Starts a helper command and hands back its handle as well, for callers that must be able to stop
     * it (e.g. one side of a transfer when the other side failed).
     */
    public static CompletableFuture<Started> start(Executor executor, ProcessSpec spec) {
        return start(executor, spec, null);
    }

    /**
     * Starts a helper command whose last line of output, {@code successLine}, says it succeeded: its result
     * completes when stdout ends with that line (exit code 0, as the command promises by printing it), not
     * when the executor reports the exit. Through a gateway that delays ACKs the exit can trail the output
     * by about 40 ms (the exec-server sends its notifications without TCP_NODELAY). A command that fails
     * never prints the line, and its result is its exit as usual.
     */
    public static CompletableFuture<Started> start(Executor executor, ProcessSpec spec, String successLine) {
        Collector collector = new Collector(successLine == null ? null : successLine.getBytes(StandardCharsets.UTF_8));
        return executor.start(spec, collector).thenApply(handle -> new Started(handle, collector.done));
    }

    /** A running helper command: its handle, and what it printed once it ended. */
    public record Started(ProcessHandle handle, CompletableFuture<Result> result) {}

    /** What a helper command printed and how it ended. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr, String failure) {

        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public boolean succeeded() {
            return failure == null && exitCode == 0;
        }

        /** @throws RemoteCallException naming {@code what} and the command's own error text */
        public Result requireSuccess(String exeId, String what) {
            if (!succeeded()) {
                String detail = failure != null ? failure : stderr.isBlank() ? "exit code " + exitCode : stderr.strip();
                throw new RemoteCallException(exeId, RemoteCallException.Reason.OTHER, 0, what + " failed on '" + exeId + "': " + detail);
            }
            return this;
        }
    }

    private static final class Collector implements ProcessListener {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final byte[] successLine;
        final CompletableFuture<Result> done = new CompletableFuture<>();

        Collector(byte[] successLine) {
            this.successLine = successLine;
        }

        @Override
        public synchronized void onOutput(OutputKind stream, byte[] chunk) {
            ByteArrayOutputStream target = stream == OutputKind.STDERR ? stderr : stdout;
            int room = MAX_CAPTURE - target.size();
            target.write(chunk, 0, Math.max(0, Math.min(room, chunk.length)));
            if (successLine != null && stream != OutputKind.STDERR && endsWithSuccessLine()) {
                done.complete(new Result(0, stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8), null));
            }
        }

        private boolean endsWithSuccessLine() {
            byte[] out = stdout.toByteArray();
            int from = out.length - successLine.length;
            return from >= 0 && java.util.Arrays.equals(out, from, out.length, successLine, 0, successLine.length);
        }

        @Override
        public synchronized void onExit(ProcessExit exit) {
            done.complete(new Result(exit.exitCode(),
                    stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8), exit.failure()));
        }
    }
}
