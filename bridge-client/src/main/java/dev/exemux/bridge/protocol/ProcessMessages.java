package dev.exemux.bridge.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The {@code process/*} methods' params and results; the notifications are {@link ProcessEvent}. */
public final class ProcessMessages {

    private ProcessMessages() {}

    /**
     * Every field is always sent (0.142 and later refuse a missing one); {@code env} replaces the
     * process's environment, and {@code arg0} is sent as null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StartParams(String processId, List<String> argv, String cwd, Map<String, String> env, boolean tty,
            boolean pipeStdin, String arg0) {}

    /** {@code afterSeq} omitted reads from the oldest retained chunk; {@code waitMs} is always 0 (see the bridge). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReadParams(String processId, Long afterSeq, int waitMs) {}

    /**
     * {@value Methods#PROCESS_READ}'s result. {@code nextSeq} counts exit and close events too; only about
     * 1 MiB of output is retained, so the first chunk may come after a gap.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReadResult(List<Chunk> chunks, long nextSeq, boolean exited, Integer exitCode, boolean closed, String failure) {
        public ReadResult {
            chunks = chunks == null ? List.of() : chunks;
        }
    }

    /** One output chunk: {@code stream} is {@code stdout}, {@code stderr} or {@code pty}; {@code chunk} is base64. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Chunk(long seq, String stream, String chunk) {}

    /** {@code writeId} is required from 0.142 and ignored before. */
    public record WriteParams(String processId, String chunk, String writeId) {}

    /** {@code accepted}, {@code unknownProcess}, or {@code stdinClosed}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WriteResult(String status) {
        public static final String ACCEPTED = "accepted";
        public static final String UNKNOWN_PROCESS = "unknownProcess";
        public static final String STDIN_CLOSED = "stdinClosed";
    }

    public record SignalParams(String processId, String signal) {
        public static final String INTERRUPT = "interrupt";
    }

    public record ProcessIdParams(String processId) {}

    /**
     * How a failed {@value Methods#PROCESS_START} says why, from 0.171: {@code error.data.kind}. The binary
     * also knows {@code spawnFailed}, {@code sandboxUnavailable} and {@code sandboxPreparation}.
     */
    public static final class StartError {
        private StartError() {}

        public static final String DATA = "data";
        public static final String KIND = "kind";
        /** A missing binary, a missing cwd, a command not on PATH. */
        public static final String SPAWN_NOT_FOUND = "spawnNotFound";
        /** No execute bit, or argv names a directory. */
        public static final String SPAWN_PERMISSION_DENIED = "spawnPermissionDenied";
    }
}
