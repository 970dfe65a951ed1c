package dev.exemux.tools.search;

import java.nio.charset.StandardCharsets;

/** A line as shown to a model: UTF-8 (invalid bytes as U+FFFD), clamped to a window around its match. */
final class LineText {

    /** Bytes of a line shown; a longer line shows a window that holds its first match. */
    static final int MAX_BYTES = 300;
    private static final int LEAD = 80;

    private LineText() {}

    static String display(byte[] line, int matchAt) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (end <= MAX_BYTES) {
            return new String(line, 0, end, StandardCharsets.UTF_8);
        }
        int from = matchAt > LEAD + MAX_BYTES / 2 ? matchAt - LEAD : 0;
        int to = Math.min(end, from + MAX_BYTES);
        while (from > 0 && from < to && (line[from] & 0xC0) == 0x80) { // not in the middle of a character
            from++;
        }
        while (to < end && to > from && (line[to] & 0xC0) == 0x80) {
            to--;
        }
        return (from > 0 ? "[…" + from + " bytes] " : "") + new String(line, from, to - from, StandardCharsets.UTF_8)
                + (to < end ? " […" + (end - to) + " bytes]" : "");
    }
}
