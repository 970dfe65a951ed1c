package dev.exemux.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads newline-terminated lines of bytes, each at most a given size; longer ones are reported, not kept. */
final class LineReader {

    /** How much of an oversized line is kept at each end (to find its id). */
    static final int EDGE = 512;

    /**
     * One line without its terminator. For an oversized line {@code bytes} holds its first and
     * {@code tail} its last {@link #EDGE} bytes.
     */
    record Line(byte[] bytes, long length, boolean oversized, byte[] tail) {}

    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next line, or null at end of input (a last line without newline still counts). */
    Line next() throws IOException {
        byte[] line = new byte[256];
        int size = 0;
        long total = 0;
        byte[] tail = null;
        int tailSize = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (total == 0) {
                    return null;
                }
                break;
            }
            int nl = indexOfNewline();
            int end = nl >= 0 ? nl : limit;
            int n = end - pos;
            int fit = (int) Math.max(0, Math.min(n, maxLine - total));
            if (fit > 0) {
                if (size + fit > line.length) {
                    line = Arrays.copyOf(line, Math.max(size + fit, Math.min(maxLine, line.length * 2)));
                }
                System.arraycopy(buf, pos, line, size, fit);
                size += fit;
            }
            if (fit < n) {
                if (tail == null) {
                    tail = new byte[EDGE];
                }
                // Keep a rolling window of the last EDGE bytes.
                for (int i = pos + fit; i < end; i++) {
                    tail[tailSize % EDGE] = buf[i];
                    tailSize++;
                }
            }
            total += n;
            pos = nl >= 0 ? nl + 1 : limit;
            if (nl >= 0) {
                break;
            }
        }
        if (total > maxLine) {
            byte[] head = Arrays.copyOf(line, Math.min(size, EDGE));
            return new Line(head, total, true, unroll(tail, tailSize));
        }
        if (size > 0 && line[size - 1] == '\r') {
            size--;
        }
        return new Line(Arrays.copyOf(line, size), size, false, null);
    }

    private static byte[] unroll(byte[] ring, int written) {
        if (written <= EDGE) {
            return Arrays.copyOf(ring, written);
        }
        byte[] out = new byte[EDGE];
        int start = written % EDGE;
        System.arraycopy(ring, start, out, 0, EDGE - start);
        System.arraycopy(ring, 0, out, EDGE - start, start);
        return out;
    }

    private int indexOfNewline() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
