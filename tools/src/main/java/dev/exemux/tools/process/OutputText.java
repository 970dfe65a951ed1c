package dev.exemux.tools.process;

import dev.exemux.tools.text.Utf8;

/**
 * One stream's output as a model gets to read it: at most {@code maxChars} characters, head and tail
 * kept, with an explicit marker saying how many bytes were left out in the middle.
 *
 * @param text the decoded text, with the omission marker where bytes were left out
 * @param bytes how many bytes the process wrote in this window
 * @param omittedBytes how many of them are not in {@code text}
 * @param invalidBytes bytes that were not valid UTF-8, each shown as U+FFFD
 */
record OutputText(String text, long bytes, long omittedBytes, int invalidBytes) {

    static final OutputText EMPTY = new OutputText("", 0, 0, 0);

    /** Cuts move to a line break when one is this close, in bytes (and at most a quarter of each part). */
    private static final int LINE_SNAP_BYTES = 200;

    static String marker(long omittedBytes) {
        return "[… " + omittedBytes + " bytes omitted …]\n";
    }

    /** Renders {@code captured} within {@code maxChars} characters (half head, half tail when it must cut). */
    static OutputText render(HeadTailBuffer.Captured captured, int maxChars, boolean terminal) {
        long total = captured.totalBytes();
        if (total == 0) {
            return EMPTY;
        }
        int headChars = maxChars / 2;
        int tailChars = maxChars - headChars;
        byte[] head;
        int headEnd;
        byte[] tail;
        int tailStart;
        if (captured.dropped() == 0) {
            byte[] all = concat(captured.head(), captured.tail());
            if (Utf8.countChars(all, 0, all.length) <= maxChars) {
                return finish(Utf8.decode(all, 0, all.length), null, total, 0, terminal);
            }
            head = all;
            tail = all;
            headEnd = Utf8.prefixEnd(all, 0, all.length, headChars);
            tailStart = Math.max(headEnd, Utf8.suffixStart(all, headEnd, all.length, tailChars));
        } else {
            head = captured.head();
            tail = captured.tail();
            // A character cut by the gap is part of the omission, not invalid output.
            int cutHead = head.length - Utf8.incompleteSuffix(head, 0, head.length);
            headEnd = Math.min(cutHead, Utf8.prefixEnd(head, 0, head.length, headChars));
            int tailFrom = Utf8.skipContinuations(tail, 0, tail.length);
            tailStart = Math.max(tailFrom, Utf8.suffixStart(tail, tailFrom, tail.length, tailChars));
        }
        headEnd = snapHeadToLine(head, headEnd, Math.min(LINE_SNAP_BYTES, headChars / 4));
        tailStart = snapTailToLine(tail, tailStart, Math.min(LINE_SNAP_BYTES, tailChars / 4));
        long shown = headEnd + (tail.length - tailStart);
        return finish(Utf8.decode(head, 0, headEnd), Utf8.decode(tail, tailStart, tail.length), total, total - shown, terminal);
    }

    private static OutputText finish(Utf8.Decoded head, Utf8.Decoded tail, long total, long omitted, boolean terminal) {
        String text = tail == null ? head.text()
                : head.text() + (head.text().isEmpty() || head.text().endsWith("\n") ? "" : "\n") + marker(omitted) + tail.text();
        int invalid = head.invalidBytes() + (tail == null ? 0 : tail.invalidBytes());
        if (terminal) {
            // A terminal turns every \n into \r\n; a model reads plain lines better.
            text = text.replace("\r\n", "\n");
        }
        return new OutputText(text, total, omitted, invalid);
    }

    /** Ends the head just after a line break among its last {@code window} bytes, so it shows whole lines. */
    private static int snapHeadToLine(byte[] b, int end, int window) {
        for (int i = end - 1; i >= Math.max(0, end - window); i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    /** Starts the tail just after a line break among its first {@code window} bytes, so no line shows half. */
    private static int snapTailToLine(byte[] b, int start, int window) {
        for (int i = start; i < Math.min(b.length - 1, start + window); i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return start;
    }

    static byte[] concat(byte[] a, byte[] b) {
        if (b.length == 0) {
            return a;
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
