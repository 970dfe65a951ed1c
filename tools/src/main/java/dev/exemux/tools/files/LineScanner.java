package dev.exemux.tools.files;

import dev.exemux.tools.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a remote file forward from a byte position and renders lines the way {@code cat -n} does,
 * stopping as soon as the window is full: a read of the first lines of a huge file moves only the
 * blocks those lines occupy. Memory is one block plus one clamped line, whatever the line lengths.
 */
final class LineScanner {

    static final int MAX_LINE_CHARS = 2000;
    /** A clamped line keeps this many bytes: enough for {@link #MAX_LINE_CHARS} characters of any script. */
    static final int MAX_LINE_BYTES = MAX_LINE_CHARS * 4;
    /** Output budget per call, so one read cannot flood the model's context. */
    static final int MAX_TEXT_CHARS = 100_000;

    /**
     * The lines shown and what is known about the rest.
     *
     * @param firstNumber number of the first line shown (negative when counted from the end)
     * @param hasMore lines follow the window
     * @param linesBefore when the window is empty because the start was past the end: how many lines the file has
     * @param budgetHit the window stopped early because of {@link #MAX_TEXT_CHARS}
     */
    record Window(List<String> lines, long firstNumber, boolean hasMore, long linesBefore, int crlfLines,
                  int lfLines, int clampedLines, boolean invalidUtf8, boolean budgetHit, boolean nulBytes) {

        int shown() {
            return lines.size();
        }

        long nextNumber() {
            return firstNumber + lines.size();
        }
    }

    private final BlockReader reader;
    private final long size;

    private final List<String> lines = new ArrayList<>();
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int kept;
    private long lineLength;
    private byte lastByte;
    private int crlf;
    private int lf;
    private int clamped;
    private boolean invalid;
    private int chars;
    private boolean budgetHit;
    private boolean nul;
    private long number;
    /** Bytes of the first line that precede the scan's start (it begins mid-line), else 0. */
    private long cutBefore;

    /** @param size the file size, or -1 when unknown */
    LineScanner(BlockReader reader, long size) {
        this.reader = reader;
        this.size = size;
    }

    /** The scan starts inside a line, {@code bytes} (at least) after its beginning: it is shown as its end only. */
    LineScanner startingMidLine(long bytes) {
        cutBefore = bytes;
        return this;
    }

    /**
     * Skips {@code skipLines} lines from byte {@code start}, then renders up to {@code limit} lines
     * numbered from {@code firstNumber}.
     */
    Window scan(long start, long skipLines, long firstNumber, int limit) {
        number = firstNumber;
        long pos = start;
        long toSkip = skipLines;
        long skipped = 0;
        boolean partialSkipped = false;
        while (true) {
            byte[] data = reader.bytesAt(pos, Integer.MAX_VALUE);
            if (data.length == 0) {
                break;
            }
            int i = 0;
            while (toSkip > 0 && i < data.length) {
                int nl = indexOfNewline(data, i);
                if (nl < 0) {
                    partialSkipped = true;
                    i = data.length;
                } else {
                    toSkip--;
                    skipped++;
                    partialSkipped = false;
                    i = nl + 1;
                }
            }
            while (toSkip == 0 && i < data.length) {
                int nl = indexOfNewline(data, i);
                int end = nl < 0 ? data.length : nl;
                append(data, i, end);
                if (nl < 0) {
                    i = data.length;
                    if (lines.size() == limit - 1 && lineLength > MAX_LINE_BYTES) {
                        // The last line we need is already clamped: its end may be gigabytes away.
                        emit(false, true);
                        return window(firstNumber, true, 0);
                    }
                    break;
                }
                i = nl + 1;
                if (!emit(true, false)) {
                    return window(firstNumber, true, 0);
                }
                if (lines.size() == limit) {
                    return window(firstNumber, more(pos + i), 0);
                }
            }
            pos += data.length;
        }
        if (toSkip > 0) {
            return window(firstNumber, false, skipped + (partialSkipped ? 1 : 0));
        }
        if (lineLength > 0) {
            emit(false, false); // a last line without a final newline
        }
        return window(firstNumber, false, 0);
    }

    private Window window(long firstNumber, boolean hasMore, long linesBefore) {
        return new Window(List.copyOf(lines), firstNumber, hasMore, linesBefore, crlf, lf, clamped, invalid, budgetHit, nul);
    }

    private boolean more(long position) {
        return size >= 0 ? position < size : reader.bytesAt(position, 1).length > 0;
    }

    private void append(byte[] data, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        int room = MAX_LINE_BYTES - kept;
        if (room > 0) {
            int take = Math.min(room, n);
            System.arraycopy(data, from, line, kept, take);
            kept += take;
        }
        lineLength += n;
        lastByte = data[to - 1];
    }

    /**
     * Renders the current line. Returns false (and drops it) when it would exceed the output budget
     * and something is already shown.
     */
    private boolean emit(boolean terminated, boolean endUnknown) {
        long fullLength = lineLength;
        int usable = kept;
        boolean carriageReturn = terminated && lineLength > 0 && lastByte == '\r';
        if (carriageReturn) {
            fullLength--;
            if (kept == lineLength) {
                usable--;
            }
        }
        boolean cut = usable < fullLength;
        if (cut) {
            usable -= Utf8.incompleteSuffix(line, 0, usable);
        }
        String text = new String(line, 0, usable, StandardCharsets.UTF_8);
        boolean lineInvalid = Utf8.invalidBytes(line, 0, usable) > 0;
        for (int i = 0; i < usable && !nul; i++) {
            nul = line[i] == 0;
        }
        boolean clampedHere = cut || text.length() > MAX_LINE_CHARS;
        if (cutBefore > 0) {
            text = "… " + text + " [line clamped: only its last " + fullLength + " bytes are shown; it is longer than "
                    + (cutBefore + fullLength) + " bytes]";
            clampedHere = true;
            cutBefore = 0;
        } else if (clampedHere) {
            int keep = MAX_LINE_CHARS;
            if (text.length() > keep && Character.isHighSurrogate(text.charAt(keep - 1))) {
                keep--;
            }
            text = text.substring(0, Math.min(keep, text.length()))
                    + (endUnknown
                            ? " … [line clamped at " + MAX_LINE_CHARS + " chars; it runs past " + fullLength + " bytes]"
                            : " … [line clamped at " + MAX_LINE_CHARS + " chars; " + fullLength + " bytes in full]");
        }
        String rendered = String.format("%6d\t%s", number, text);
        if (!lines.isEmpty() && chars + rendered.length() + 1 > MAX_TEXT_CHARS) {
            budgetHit = true;
            return false;
        }
        lines.add(rendered);
        chars += rendered.length() + 1;
        number++;
        if (carriageReturn) {
            crlf++;
        } else if (terminated) {
            lf++;
        }
        if (clampedHere) {
            clamped++;
        }
        invalid |= lineInvalid;
        kept = 0;
        lineLength = 0;
        return true;
    }

    private static int indexOfNewline(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
