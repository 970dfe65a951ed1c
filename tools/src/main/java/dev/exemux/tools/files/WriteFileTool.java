package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Args;
import dev.exemux.executor.Limits;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** write_file: creates or replaces a file atomically. */
final class WriteFileTool extends FileTool {

    WriteFileTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "write_file",
                "Write a file",
                "Creates or replaces a file on an executor with exactly the given content (UTF-8 text in `content`, or raw "
                        + "bytes in `content_base64`; give exactly one). The write is atomic: readers see the old file or the "
                        + "new one, never a partial write, and a failed write leaves the old file intact. Missing parent "
                        + "directories are an error unless create_dirs is true. Requests over " + (Limits.MCP_REQUEST >> 20)
                        + " MiB fail: send more in pieces with append. To change part of a file, prefer edit_file.",
                input("Absolute path of the file.")
                        .optional("content", Schema.string("The new content as text (written as UTF-8)."))
                        .optional("content_base64", Schema.string("The new content as base64-encoded bytes, for binary files."))
                        .optional("create_dirs", Schema.bool("Create missing parent directories (default false)."))
                        .optional("append", Schema.bool("Add after the file's end (default false); not atomic: readers may see it grow."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The file written (a symlink's target when path was a symlink)."))
                        .required("bytes", Schema.integer("Bytes written by this call."))
                        .required("sha256", Schema.string("SHA-256 of the bytes written by this call, hex."))
                        .required("created", Schema.bool("True when the file did not exist before."))
                        .build(),
                false, true, true));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        byte[] data = content(args);
        boolean createDirs = args.optionalBoolean("create_dirs", false);
        boolean append = args.optionalBoolean("append", false);

        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        AtomicWriter.Outcome outcome = append
                ? AtomicWriter.append(call, path, data, createDirs)
                : AtomicWriter.write(call, path, data, createDirs, null);
        String sha = Digests.sha256(data);
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("path", outcome.writtenPath())
                .put("bytes", data.length)
                .put("sha256", sha)
                .put("created", outcome.created());
        String via = outcome.writtenPath().equals(path) ? "" : " (through the symlink " + path + ")";
        String verb = outcome.created() ? "Created " : append ? "Appended to " : "Replaced ";
        return ToolResult.ok(verb + outcome.writtenPath() + via + " on '" + call.exeId()
                + "': " + data.length + " bytes" + (append ? " added" : "") + ", sha256 " + sha + ".", out);
    }

    private static byte[] content(Args args) {
        boolean text = args.has("content");
        boolean binary = args.has("content_base64");
        if (text == binary) {
            throw new ToolException(text
                    ? "Give either 'content' or 'content_base64', not both."
                    : "Missing the content: give 'content' (text) or 'content_base64' (bytes). Use \"\" for an empty file.");
        }
        if (text) {
            return args.requiredString("content").getBytes(StandardCharsets.UTF_8);
        }
        String encoded = args.requiredString("content_base64");
        try {
            // Line breaks are common in pasted base64; anything else outside the alphabet is an error.
            return Base64.getDecoder().decode(encoded.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new ToolException("Argument 'content_base64' is not valid base64 (" + e.getMessage() + ").");
        }
    }
}
