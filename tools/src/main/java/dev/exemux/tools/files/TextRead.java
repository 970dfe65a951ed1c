package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ReadHandle;
import dev.exemux.tools.spi.ToolResult;
import dev.exemux.tools.text.Utf8;

/** read_file in text mode: numbered lines from an offset, or from the end for a negative offset. */
final class TextRead {

    private final BlockReader reader;
    private final String path;
    private final long size;

    TextRead(BlockReader reader, String path, long size) {
        this.reader = reader;
        this.path = path;
        this.size = size;
    }

    ToolResult read(long offset, int limit) {
        if (size == 0) {
            return ToolResult.ok(path + " is empty (0 bytes).", base(false).put("lines_shown", 0));
        }
        long sniffBlock = offset < 0 ? (size - 1) / reader.blockSize() : 0;
        ReadHandle.Block first = reader.block(sniffBlock);
        if (Utf8.looksBinary(first.data(), 0, first.data().length)) {
            return binary(first.data());
        }
        LineScanner scanner = new LineScanner(reader, size);
        LineScanner.Window window;
        boolean fromEnd = false;
        if (offset < 0) {
            TailLocator.Tail tail = TailLocator.locate(reader, size, -offset);
            fromEnd = tail.firstNumber() == 0;
            window = scanner.startingMidLine(tail.cutBefore())
                    .scan(tail.start(), 0, fromEnd ? -tail.lines() : tail.firstNumber(), limit);
        } else {
            long startLine = Math.max(1, offset);
            window = scanner.scan(0, startLine - 1, startLine, limit);
            if (window.shown() == 0) {
                return pastEnd(startLine, window.linesBefore());
            }
        }
        if (window.nulBytes()) {
            // The sniffed block was text, but what would be shown is not (e.g. text after gigabytes of NULs).
            return binary("it contains NUL bytes");
        }
        return render(window, fromEnd);
    }

    private ToolResult render(LineScanner.Window w, boolean fromEnd) {
        String endings = w.crlfLines() == 0 ? "lf" : w.lfLines() == 0 ? "crlf" : "mixed";
        long last = w.nextNumber() - 1;
        ObjectNode out = base(false)
                .put("content", String.join("\n", w.lines()))
                .put("first_line", w.firstNumber())
                .put("last_line", last)
                .put("lines_shown", w.shown())
                .put("numbered_from_end", fromEnd)
                .put("line_ending", endings)
                .put("clamped_lines", w.clampedLines())
                .put("invalid_utf8", w.invalidUtf8());
        boolean nextExists = w.hasMore() && !(fromEnd && w.nextNumber() >= 0);
        out.put("has_more", nextExists);
        if (nextExists) {
            out.put("next_offset", w.nextNumber());
        }
        if (!w.hasMore() && !fromEnd) {
            out.put("total_lines", last);
        }

        StringBuilder text = new StringBuilder();
        text.append(path).append(" (").append(size).append(" bytes");
        if (!endings.equals("lf")) {
            text.append(", ").append(endings.equals("crlf") ? "CRLF" : "mixed LF/CRLF")
                    .append(" line endings, shown without \\r");
        }
        text.append("): lines ").append(w.firstNumber()).append(fromEnd ? " to " : "-").append(last);
        if (!w.hasMore() && !fromEnd) {
            text.append(" of ").append(last);
        }
        text.append('\n');
        if (fromEnd) {
            text.append("Lines are numbered from the end (-1 is the last line): the file was read backwards from its end, "
                    + "so absolute line numbers are unknown.\n");
        }
        text.append(String.join("\n", w.lines()));
        if (w.invalidUtf8()) {
            text.append("\n[Some bytes are not valid UTF-8 and are shown as \uFFFD; edit_file refuses such files, "
                    + "use encoding \"base64\" to see the raw bytes.]");
        }
        if (nextExists) {
            text.append("\n[").append(w.budgetHit() ? "Output limit of " + LineScanner.MAX_TEXT_CHARS + " characters reached. " : "")
                    .append("More lines follow: call read_file with offset ").append(w.nextNumber()).append(" to continue.]");
        }
        return ToolResult.ok(text.toString(), out);
    }

    private ToolResult pastEnd(long startLine, long lines) {
        ObjectNode out = base(false).put("lines_shown", 0).put("total_lines", lines);
        return ToolResult.ok(path + " has " + lines + " line" + (lines == 1 ? "" : "s") + " (" + size + " bytes); offset "
                + startLine + " is past the end. Use an offset from 1 to " + lines
                + ", or a negative offset to read from the end (e.g. -50 for the last 50 lines).", out);
    }

    private ToolResult binary(byte[] sample) {
        for (byte b : sample) {
            if (b == 0) {
                return binary("it contains NUL bytes");
            }
        }
        int examined = Math.min(sample.length, Utf8.SNIFF_BYTES);
        long invalidPercent = Math.round(100.0 * Utf8.invalidBytes(sample, 0, examined) / Math.max(1, examined));
        return binary("it is not UTF-8 text: " + invalidPercent + "% of the " + examined + " bytes examined are not valid UTF-8");
    }

    private ToolResult binary(String why) {
        ObjectNode out = base(true).put("lines_shown", 0);
        return ToolResult.ok(path + " is a binary file (" + size + " bytes; " + why
                + "), so it is not shown as text. Read raw bytes with encoding \"base64\" and offset/limit in bytes "
                + "(e.g. limit 4096), or inspect it with exec_command (`file`, `xxd | head`, `strings`).", out);
    }

    private ObjectNode base(boolean binary) {
        return JsonNodeFactory.instance.objectNode()
                .put("path", path)
                .put("encoding", "text")
                .put("size", size)
                .put("binary", binary)
                .put("content", "")
                .put("has_more", false);
    }
}
