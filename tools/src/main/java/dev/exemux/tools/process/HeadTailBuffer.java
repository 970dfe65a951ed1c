package dev.exemux.tools.process;

import dev.exemux.tools.text.Utf8;
import java.util.Arrays;

/**
 * The bytes of one output stream since the last read, in bounded memory: the first {@code headCapacity}
 * bytes and the last {@code tailCapacity} bytes, with a count of what fell out in between. A process
 * printing gigabytes costs at most {@code headCapacity + tailCapacity} bytes here. Not thread-safe.
 */
final class HeadTailBuffer {

    private int headCapacity;
    private int tailCapacity;
    private byte[] head = new byte[0];
    private int headLength;
    private byte[] tail = new byte[0];
    private int tailStart;
    private int tailLength;
    private long dropped;
    private int pendingHead = -1;
    /** Bytes of a cut character carried over from the last drain: not news on their own. */
    private int carried;
    private int pendingTail = -1;

    HeadTailBuffer(int headCapacity, int tailCapacity) {
        this.headCapacity = headCapacity;
        this.tailCapacity = tailCapacity;
    }

    /** What was captured since the last {@link #drain}: {@code head}, then {@code dropped} bytes not kept, then {@code tail}. */
    record Captured(byte[] head, long dropped, byte[] tail) {

        static final Captured EMPTY = new Captured(new byte[0], 0, new byte[0]);

        long totalBytes() {
            return head.length + dropped + tail.length;
        }
    }

    void append(byte[] chunk) {
        append(chunk, 0, chunk.length);
    }

    void append(byte[] chunk, int offset, int length) {
        int toHead = Math.min(length, headCapacity - headLength);
        if (toHead > 0) {
            if (headLength + toHead > head.length) {
                head = Arrays.copyOf(head, Math.min(headCapacity, Math.max(headLength + toHead, head.length * 2)));
            }
            System.arraycopy(chunk, offset, head, headLength, toHead);
            headLength += toHead;
            offset += toHead;
            length -= toHead;
        }
        if (length > 0) {
            appendToTail(chunk, offset, length);
        }
    }

    private void appendToTail(byte[] chunk, int offset, int length) {
        if (length >= tailCapacity) {
            dropped += tailLength + (length - tailCapacity);
            if (tail.length < tailCapacity) {
                tail = new byte[tailCapacity];
            }
            System.arraycopy(chunk, offset + length - tailCapacity, tail, 0, tailCapacity);
            tailStart = 0;
            tailLength = tailCapacity;
            return;
        }
        int overflow = tailLength + length - tailCapacity;
        if (overflow > 0) {
            dropped += overflow;
            tailStart = (tailStart + overflow) % tailCapacity;
            tailLength -= overflow;
        }
        if (tail.length < tailCapacity) {
            // Only ever grows while nothing has wrapped, so the ring is still linear from index 0.
            tail = Arrays.copyOf(tail, Math.min(tailCapacity, Math.max(tailLength + length, tail.length * 2)));
        }
        int end = (tailStart + tailLength) % tail.length;
        int first = Math.min(length, tail.length - end);
        System.arraycopy(chunk, offset, tail, end, first);
        System.arraycopy(chunk, offset + first, tail, 0, length - first);
        tailLength += length;
    }

    /**
     * Hands out everything captured and starts over. Unless {@code streamEnded}, a character cut by the
     * end of the capture is held back for the next drain, so no read ever splits one.
     */
    Captured drain(boolean streamEnded) {
        if (headLength == 0 && tailLength == 0) {
            applyPendingCapacity();
            return Captured.EMPTY;
        }
        if (!streamEnded && !hasNews()) {
            return Captured.EMPTY; // only the start of a character: wait for the rest
        }
        byte[] h = Arrays.copyOf(head, headLength);
        byte[] t = tailCopy();
        long gap = dropped;
        carried = 0;
        headLength = 0;
        tailLength = 0;
        tailStart = 0;
        dropped = 0;
        applyPendingCapacity();
        if (!streamEnded) {
            byte[] last = t.length > 0 ? t : h;
            int keep = Utf8.incompleteSuffix(last, 0, last.length);
            if (keep > 0) {
                append(last, last.length - keep, keep);
                carried = keep;
                if (last == t) {
                    t = Arrays.copyOf(t, t.length - keep);
                } else {
                    h = Arrays.copyOf(h, h.length - keep);
                }
            }
        }
        return new Captured(h, gap, t);
    }

    /** What is captured now, left in place (for a caller that only looks, e.g. for a pattern). */
    Captured peek() {
        return new Captured(Arrays.copyOf(head, headLength), dropped, tailCopy());
    }

    private byte[] tailCopy() {
        byte[] t = new byte[tailLength];
        if (tailLength > 0) {
            int first = Math.min(tailLength, tail.length - tailStart);
            System.arraycopy(tail, tailStart, t, 0, first);
            System.arraycopy(tail, 0, t, first, tailLength - first);
        }
        return t;
    }

    /** Changes the capacities from the next {@link #drain} on (what is captured now stays as it is). */
    void resize(int newHeadCapacity, int newTailCapacity) {
        pendingHead = newHeadCapacity;
        pendingTail = newTailCapacity;
    }

    private void applyPendingCapacity() {
        if (pendingHead >= 0) {
            headCapacity = pendingHead;
            tailCapacity = pendingTail;
            pendingHead = -1;
            pendingTail = -1;
        }
        // Give back big arrays between reads; small ones are reused.
        if (head.length > headCapacity || head.length > 64 * 1024) {
            head = new byte[0];
        }
        if (tail.length != tailCapacity || tail.length > 64 * 1024) {
            tail = new byte[0];
        }
    }

    boolean isEmpty() {
        return headLength == 0 && tailLength == 0;
    }

    /** True when something arrived since the last drain (beyond the carried part of a cut character). */
    boolean hasNews() {
        return pendingBytes() > carried;
    }

    /** Bytes held right now (what a caller pays in memory for this stream). */
    int heldBytes() {
        return head.length + tail.length;
    }

    /** Bytes appended since the last drain, including those dropped. */
    long pendingBytes() {
        return headLength + dropped + tailLength;
    }
}
