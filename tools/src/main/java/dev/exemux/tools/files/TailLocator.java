package dev.exemux.tools.files;

/**
 * Finds where the last lines of a file begin by scanning blocks backwards from its end, so reading
 * the tail of a 1 GB log moves only the tail.
 */
final class TailLocator {

    /**
     * @param start byte offset of the first of the wanted lines
     * @param firstNumber absolute number of the line at {@code start}, or 0 when unknown (the scan did
     *     not reach the file's first block, so counting would mean reading the whole file)
     * @param lines how many lines begin at {@code start} (fewer than asked when the file is shorter)
     * @param cutBefore when {@code start} is inside a line too long to show whole: how many bytes of
     *     that line are known to precede it (at least; its real start was not looked for), else 0
     */
    record Tail(long start, long firstNumber, long lines, long cutBefore) {}

    private TailLocator() {}

    static Tail locate(BlockReader reader, long size, long wanted) {
        if (size == 0) {
            return new Tail(0, 1, 0, 0);
        }
        // A final newline ends the last line; it does not start an empty one.
        long searchEnd = lastByte(reader, size) == '\n' ? size - 1 : size;
        if (searchEnd == 0) {
            return new Tail(0, 1, 1, 0);
        }
        int blockSize = reader.blockSize();
        long newlines = 0;
        long lineEnd = searchEnd;
        for (long index = (searchEnd - 1) / blockSize; index >= 0; index--) {
            byte[] data = reader.block(index).data();
            long base = index * blockSize;
            int from = (int) Math.min(data.length, searchEnd - base) - 1;
            for (int j = from; j >= 0; j--) {
                if (data[j] == '\n') {
                    if (++newlines == wanted) {
                        // In the first block the lines before the tail are already here: count them.
                        return new Tail(base + j + 1, index == 0 ? countNewlines(data, j + 1) + 1 : 0, wanted, 0);
                    }
                    lineEnd = base + j;
                } else if (lineEnd - (base + j) > LineScanner.MAX_LINE_BYTES) {
                    // This line will be clamped whatever its length: show its end and stop here, instead of
                    // scanning back through all of it (a 300 MB line, a 2 GB run of NULs).
                    long start = skipContinuationBytes(reader, lineEnd - LineScanner.MAX_LINE_CHARS);
                    return new Tail(start, 0, newlines + 1, start - (base + j));
                }
            }
        }
        return new Tail(0, 1, newlines + 1, 0);
    }

    /** A cut inside a multi-byte character starts at the next character instead. */
    private static long skipContinuationBytes(BlockReader reader, long position) {
        byte[] head = reader.bytesAt(position, 4);
        int skip = 0;
        while (skip < 3 && skip < head.length && (head[skip] & 0xC0) == 0x80) {
            skip++;
        }
        return position + skip;
    }

    private static long countNewlines(byte[] data, int to) {
        long n = 0;
        for (int i = 0; i < to; i++) {
            if (data[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static byte lastByte(BlockReader reader, long size) {
        return reader.bytesAt(size - 1, 1)[0];
    }
}
