package dev.exemux.executor;

/** Which stream a chunk of process output came from; {@code PTY} is the merged terminal stream. */
public enum OutputKind {
    STDOUT,
    STDERR,
    PTY
}
