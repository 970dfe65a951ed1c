package dev.exemux.tools.search;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses what the shell engines print, chunk by chunk: first {@code exemux-engine NAME\0}, then either
 * file paths ending in NUL (files mode) or {@code path\0LINE:text\n} for matching lines and
 * {@code path\0LINE-text\n} for context lines, as {@code rg --null -n} and {@code grep -nZ} both print
 * them ({@code --} separators and anything else that does not parse are skipped).
 */
final class EngineOutput {

    /** Receives what was parsed; returns false to stop. */
    interface Sink {
        void engine(String name);

        boolean file(String path);

        boolean line(String path, long number, boolean match, byte[] text, boolean cut);
    }

    /** Text kept of one line; the rest of a giant line is dropped (and the match trusted to the engine). */
    static final int MAX_LINE = 64 * 1024;

    private enum State { HEADER, PATH, NUMBER, TEXT, SKIP }

    private final boolean filesMode;
    private final Sink sink;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private State state = State.HEADER;
    private String path;
    private long number;
    private boolean match;
    private boolean cut;
    private boolean stopped;

    EngineOutput(boolean filesMode, Sink sink) {
        this.filesMode = filesMode;
        this.sink = sink;
    }

    /** Parses a chunk; false once the sink asked to stop. */
    boolean feed(byte[] chunk) {
        for (int i = 0; i < chunk.length && !stopped; i++) {
            byte b = chunk[i];
            switch (state) {
                case HEADER -> {
                    if (b == 0) {
                        String header = take();
                        sink.engine(header.startsWith("exemux-engine ") ? header.substring(14) : header);
                        state = State.PATH;
                    } else {
                        buffer.write(b);
                    }
                }
                case PATH -> {
                    if (b == 0) {
                        path = relative(take());
                        if (filesMode) {
                            stopped = !sink.file(path);
                        } else {
                            number = 0;
                            state = State.NUMBER;
                        }
                    } else if (b == '\n' && !filesMode) {
                        buffer.reset(); // a "--" separator or a message
                    } else {
                        buffer.write(b);
                    }
                }
                case NUMBER -> {
                    if (b >= '0' && b <= '9') {
                        number = number * 10 + (b - '0');
                    } else if (b == ':' || b == '-') {
                        match = b == ':';
                        cut = false;
                        state = State.TEXT;
                    } else {
                        state = b == '\n' ? State.PATH : State.SKIP;
                    }
                }
                case TEXT -> {
                    if (b == '\n') {
                        stopped = !sink.line(path, number, match, buffer.toByteArray(), cut);
                        buffer.reset();
                        state = State.PATH;
                    } else if (buffer.size() < MAX_LINE) {
                        buffer.write(b);
                    } else {
                        cut = true;
                    }
                }
                case SKIP -> {
                    if (b == '\n') {
                        buffer.reset();
                        state = State.PATH;
                    }
                }
            }
        }
        return !stopped;
    }

    private String take() {
        String s = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        return s;
    }

    static String relative(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }
}
