package dev.exemux.tools.files;

import dev.exemux.executor.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.tools.patch.UnifiedDiff;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import dev.exemux.tools.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** edit_file: exact string replacement in a UTF-8 text file, written back atomically. */
final class EditFileTool extends FileTool {

    /** Larger files are edited by other means: the whole file crosses the network twice. */
    static final int MAX_EDIT_BYTES = Limits.EDITED_FILE;
    private static final int CONTEXT_LINES = 3;
    private static final int MAX_CONTEXT_LINES = 16;
    private static final int MAX_CONTEXT_CHARS = 300;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_EDITS = 100;
    private static final ObjectNode EDIT_ITEM = Schema.object()
            .required("old_string", JsonNodeFactory.instance.objectNode().put("type", "string"))
            .required("new_string", JsonNodeFactory.instance.objectNode().put("type", "string"))
            .optional("replace_all", JsonNodeFactory.instance.objectNode().put("type", "boolean"))
            .build();

    EditFileTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "edit_file",
                "Edit a file",
                "Replaces old_string with new_string (or each of edits, in order) in a UTF-8 text file on an executor. "
                        + "old_string must match the file exactly (whitespace included, without read_file's line-number prefixes) and exactly once, unless "
                        + "replace_all is true. CRLF files keep CRLF. Pass expected_sha256 (from a previous write or edit) "
                        + "to refuse the edit if the file changed since. The write is atomic.",
                input("Absolute path of the file.")
                        .optional("old_string", Schema.string("The exact text to replace."))
                        .optional("new_string", Schema.string("The text to put in its place."))
                        .optional("replace_all", Schema.bool("Replace every occurrence (default false: exactly one must exist)."))
                        .optional("expected_sha256", Schema.string("Refuse the edit unless the file's current SHA-256 (hex) is this."))
                        .optional("edits", Schema.arrayOf("Instead of old_string/new_string: applied in order, all or nothing.",
                                EDIT_ITEM))
                        .optional("dry_run", Schema.bool("Write nothing; return the unified diff."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The file edited."))
                        .required("replacements", Schema.integer("How many occurrences were replaced."))
                        .required("sha256", Schema.string("SHA-256 of the new content, hex."))
                        .required("previous_sha256", Schema.string("SHA-256 of the content before the edit, hex."))
                        .required("first_line", Schema.integer("Line where the first replacement starts."))
                        .required("context", Schema.string("Numbered lines around the first replacement, after the edit."))
                        .optional("dry_run", Schema.bool("Nothing was written."))
                        .optional("diff", Schema.string("Unified diff of the edit (dry_run), cut in the middle when long."))
                        .build(),
                false, true, false));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        List<TextEdit.Edit> edits = edits(args);
        boolean dryRun = args.optionalBoolean("dry_run", false);
        String expected = args.optionalString("expected_sha256", null);
        if (expected != null && !SHA256.matcher(expected).matches()) {
            throw new ToolException("Argument 'expected_sha256' must be 64 hex digits (a SHA-256 as returned by write_file "
                    + "or edit_file), not '" + Args.echo(expected) + "'.");
        }

        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata meta = call.statOrNull(path);
        if (meta == null) {
            throw new ToolException(path + " does not exist on '" + call.exeId() + "'. Use write_file to create it.");
        }
        if (meta.isDirectory()) {
            throw new ToolException(path + " is a directory on '" + call.exeId() + "'; edit_file edits a file.");
        }
        if (meta.danglingLink()) {
            throw new ToolException(path + " on '" + call.exeId() + "' is a symlink to " + meta.linkTarget()
                    + ", which does not exist: there is nothing to edit. Use write_file on the target's path to create it.");
        }
        if (meta.size() > MAX_EDIT_BYTES) {
            throw new ToolException(path + " has " + meta.size() + " bytes, more than edit_file handles (" + MAX_EDIT_BYTES
                    + "). Change it with exec_command (e.g. sed) or rewrite it with write_file.");
        }
        byte[] before = call.await(call.executor().readFile(path), "read " + path);
        String previousSha = Digests.sha256(before);
        if (expected != null && !expected.toLowerCase(Locale.ROOT).equals(previousSha)) {
            throw new ToolException(path + " changed since you last saw it: expected sha256 " + expected.toLowerCase(Locale.ROOT)
                    + " but it is now " + previousSha + ". read_file it again and redo the edit against the current content.");
        }
        String content = decode(before, path, "edit_file");

        TextEdit.Result edit = TextEdit.applyAll(content, edits, path);
        byte[] after = edit.text().getBytes(StandardCharsets.UTF_8);
        if (!dryRun) {
            AtomicWriter.write(call, path, after, false, meta, () -> requireUnchanged(call, path, meta, "edit_file"));
        }

        String sha = Digests.sha256(after);
        int firstLine = TextEdit.lineOf(edit.text(), edit.firstIndex());
        String snippet = context(edit, firstLine);
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("path", path)
                .put("replacements", edit.replacements())
                .put("sha256", sha)
                .put("previous_sha256", previousSha)
                .put("first_line", firstLine)
                .put("context", snippet);
        String summary = edit.replacements() + " replacement" + (edit.replacements() == 1 ? "" : "s")
                + (edits.size() > 1 ? " from " + edits.size() + " edits" : "") + ", first at line " + firstLine;
        if (dryRun) {
            String diff = UnifiedDiff.bounded(UnifiedDiff.of(path, path, content, edit.text()).text(), ApplyPatchTool.MAX_DIFF_CHARS);
            out.put("dry_run", true).put("diff", diff);
            return ToolResult.ok("Dry run, nothing written: edit_file would make " + summary + " in " + path + " on '"
                    + call.exeId() + "' (new sha256 would be " + sha + ").\n" + diff, out);
        }
        return ToolResult.ok("Edited " + path + " on '" + call.exeId() + "': " + summary + ". New sha256 " + sha + ".\n" + snippet, out);
    }

    /** The single edit (old_string, new_string, replace_all) or the {@code edits} list; never both. */
    private static List<TextEdit.Edit> edits(Args args) {
        if (!args.has("edits")) {
            if (!args.has("old_string") || !args.has("new_string")) {
                throw new ToolException("Pass old_string and new_string (one edit), or edits: [{old_string, new_string, "
                        + "replace_all?}, …] (several).");
            }
            return List.of(new TextEdit.Edit(args.requiredString("old_string"), args.requiredString("new_string"),
                    args.optionalBoolean("replace_all", false)));
        }
        if (args.has("old_string") || args.has("new_string") || args.has("replace_all")) {
            throw new ToolException("Pass either edits or old_string/new_string/replace_all, not both: put every edit in edits.");
        }
        JsonNode list = args.raw("edits");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_EDITS) {
            throw new ToolException("Argument 'edits' must be an array of 1 to " + MAX_EDITS + " objects {old_string, new_string, "
                    + "replace_all?}.");
        }
        List<TextEdit.Edit> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String name = "edits[" + i + "]";
            if (!item.isObject()) {
                throw new ToolException("Argument '" + name + "' must be an object {old_string, new_string, replace_all?}.");
            }
            Args e = new Args((ObjectNode) item);
            item.fieldNames().forEachRemaining(f -> {
                if (!EDIT_ITEM.path("properties").has(f)) {
                    throw new ToolException("Unknown field '" + Args.echo(f) + "' in " + name + "; it takes old_string, new_string, "
                            + "replace_all.");
                }
            });
            try {
                out.add(new TextEdit.Edit(e.requiredString("old_string"), e.requiredString("new_string"),
                        e.optionalBoolean("replace_all", false)));
            } catch (ToolException problem) {
                throw new ToolException(name + ": " + problem.getMessage());
            }
        }
        return out;
    }

    /** Another writer between our read and our rename would be silently undone: refuse instead. */
    static void requireUnchanged(ExecutorCall call, String path, FileMetadata before, String tool) {
        FileMetadata now = call.statOrNull(path);
        if (now == null || now.size() != before.size() || now.modifiedAtMs() != before.modifiedAtMs()) {
            throw new ToolException(path + " was changed by something else while " + tool + " was editing it, so the edit was "
                    + "not applied (the other change is kept). read_file it again and redo the edit.");
        }
    }

    /** The file as text, or a clear refusal for content a text edit would corrupt. */
    static String decode(byte[] data, String path, String tool) {
        for (byte b : data) {
            if (b == 0) {
                throw new ToolException(path + " is a binary file (it contains NUL bytes); " + tool + " only edits UTF-8 text. "
                        + "Use write_file with content_base64 to replace it.");
            }
        }
        String text = Utf8.decodeStrict(data);
        if (text == null) {
            throw new ToolException(path + " is not valid UTF-8 (first invalid byte at offset " + Utf8.firstInvalidOffset(data)
                    + "), so " + tool + " refuses to change it rather than corrupt it. Convert it first (e.g. iconv via exec_command) "
                    + "or replace it whole with write_file and content_base64.");
        }
        return text;
    }

    /** A few numbered lines of the new text around the first replacement. */
    private static String context(TextEdit.Result edit, int firstLine) {
        String[] lines = edit.text().split("\n", -1);
        int lastLine = TextEdit.lineOf(edit.text(), edit.firstIndex() + edit.firstLength());
        int from = Math.max(1, firstLine - CONTEXT_LINES);
        int count = lines.length - (edit.text().endsWith("\n") ? 1 : 0);
        int to = Math.min(count, Math.min(lastLine + CONTEXT_LINES, from + MAX_CONTEXT_LINES - 1));
        StringBuilder s = new StringBuilder();
        for (int n = from; n <= to; n++) {
            String line = lines[n - 1];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.length() > MAX_CONTEXT_CHARS) {
                line = line.substring(0, MAX_CONTEXT_CHARS) + " …";
            }
            s.append(String.format("%6d\t%s", n, line)).append(n < to ? "\n" : "");
        }
        return s.toString();
    }
}
