package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;

/** read_file: numbered text lines (or raw bytes as base64), moving only the bytes it shows where it can. */
final class ReadFileTool extends FileTool {

    static final int DEFAULT_LINES = 2000;
    static final int MAX_LINES = 100_000;

    ReadFileTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "read_file",
                "Read a file",
                "Reads a file on an executor. Text comes back as numbered lines (like `cat -n`) starting at line `offset` "
                        + "(1-based) for `limit` lines (default " + DEFAULT_LINES + "); a negative offset counts from the end "
                        + "(-50 = the last 50 lines) and reads only the file's tail. Lines over " + LineScanner.MAX_LINE_CHARS
                        + " characters are clamped. Binary files are detected and not shown as text: read them with "
                        + "encoding \"base64\", where offset and limit count bytes (default limit " + ByteSlice.DEFAULT_LIMIT
                        + ", at most " + ByteSlice.MAX_LIMIT + ").",
                Schema.object()
                        .required("exe_id", Schema.exeId())
                        .optional("path", Schema.string("Absolute path of the file."))
                        .optional("paths", Schema.arrayOf("Instead of path: up to " + MultiRead.MAX_PATHS + " small text files, "
                                + "each with its own result or error.", JsonNodeFactory.instance.objectNode().put("type", "string")))
                        .optional("max_output_chars", Schema.integer("With paths: the whole answer's size (default "
                                + LineScanner.MAX_TEXT_CHARS + ").", MultiRead.MIN_OUTPUT_CHARS, LineScanner.MAX_TEXT_CHARS))
                        .optional("offset", Schema.integer("Text: first line to show, 1-based; negative counts from the end "
                                + "(-50 = last 50 lines). base64: first byte, 0-based; negative counts from the end."))
                        .optional("limit", Schema.integer("Text: how many lines (default " + DEFAULT_LINES + "). base64: how many "
                                + "bytes (default " + ByteSlice.DEFAULT_LIMIT + ", at most " + ByteSlice.MAX_LIMIT + ").",
                                1, Math.max(MAX_LINES, ByteSlice.MAX_LIMIT)))
                        .optional("encoding", Schema.enumOf("\"text\" (default) for numbered lines, \"base64\" for raw bytes.",
                                "text", "base64"))
                        .closed()
                        .build(),
                outputSchema(),
                true, false, true));
    }

    /** One file's result; with paths, {@code files} holds one per path and only encoding and has_more are at the top. */
    private static ObjectNode outputSchema() {
        return fileSchema()
                .optional("files", Schema.arrayOf("With paths: each file's result (or error), in the order asked.",
                        MultiRead.itemSchema(fileSchema().build())))
                .build();
    }

    private static Schema fileSchema() {
        return Schema.object()
                .optional("path", Schema.string("The file read."))
                .required("encoding", Schema.enumOf("How content is encoded.", "text", "base64"))
                .optional("size", Schema.integer("File size in bytes."))
                .optional("binary", Schema.bool("True when the file looks binary (base64: the bytes shown do); text mode then shows no content."))
                .optional("content", Schema.string("Numbered lines (text) or the bytes in base64."))
                .required("has_more", Schema.bool("More lines (or bytes) follow what is shown."))
                .optional("next_offset", Schema.integer("The offset that continues the read, when has_more."))
                .optional("first_line", Schema.integer("Number of the first line shown (negative when numbered from the end)."))
                .optional("last_line", Schema.integer("Number of the last line shown."))
                .optional("lines_shown", Schema.integer("How many lines are shown."))
                .optional("total_lines", Schema.integer("Lines in the file, when the read reached its end from the start."))
                .optional("numbered_from_end", Schema.bool("Lines are numbered from the end (-1 = last line)."))
                .optional("line_ending", Schema.enumOf("Line endings of the lines shown.", "lf", "crlf", "mixed"))
                .optional("clamped_lines", Schema.integer("How many shown lines were clamped for length."))
                .optional("invalid_utf8", Schema.bool("Some shown bytes are not valid UTF-8 (shown as U+FFFD)."))
                .optional("offset", Schema.integer("base64: first byte shown."))
                .optional("bytes", Schema.integer("base64: how many bytes are shown."));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        if (args.has("paths") || args.has("max_output_chars")) {
            return MultiRead.read(this, args, context);
        }
        String path = RemotePath.require(args, "path");
        boolean base64 = args.optionalEnum("encoding", "text", "text", "base64").equals("base64");
        long offset = args.optionalLong("offset", base64 ? 0 : 1, Long.MIN_VALUE + 1, Long.MAX_VALUE);
        int limit = base64
                ? args.optionalInt("limit", ByteSlice.DEFAULT_LIMIT, 1, ByteSlice.MAX_LIMIT)
                : args.optionalInt("limit", DEFAULT_LINES, 1, MAX_LINES);
        if (!base64 && offset < -MAX_LINES) {
            throw new ToolException("Argument 'offset' may count at most " + MAX_LINES + " lines from the end, not " + -offset
                    + ". Use exec_command with `wc -l` to learn the line count, then a positive offset.");
        }

        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata meta = call.statExisting(path);
        if (meta.isDirectory()) {
            throw new ToolException(path + " is a directory on '" + call.exeId() + "': use list_directory to see its entries.");
        }
        if (meta.danglingLink()) {
            throw new ToolException(path + " on '" + call.exeId() + "' is a symlink to " + meta.linkTarget()
                    + ", which does not exist: there is nothing to read.");
        }
        if (!meta.isFile()) {
            // A device or FIFO can be endless or block forever.
            throw new ToolException(path + " on '" + call.exeId() + "' is not a regular file (a device, FIFO or socket), "
                    + "so read_file does not read it. Use exec_command (e.g. `head -c 4096`) if you really mean to.");
        }
        try (BlockReader reader = BlockReader.open(call, path)) {
            // The executor reports sizes on every release; an executor that cannot (see bridge-client) is probed.
            long size = meta.size() >= 0 ? meta.size() : reader.probeSize();
            return base64
                    ? ByteSlice.read(reader, path, size, offset, limit)
                    : new TextRead(reader, path, size).read(offset, limit);
        }
    }
}
