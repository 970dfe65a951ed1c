package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.files.PatchPlan.Change;
import dev.exemux.tools.patch.Patch;
import dev.exemux.tools.patch.PatchException;
import dev.exemux.tools.patch.PatchParser;
import dev.exemux.tools.patch.UnifiedDiff;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.List;

/** apply_patch: a patch in Codex's format over several files, all or nothing (parse, locate every hunk, then write). */
final class ApplyPatchTool extends FileTool {

    /** The diff shown is cut to this many characters, head and tail kept. */
    static final int MAX_DIFF_CHARS = 20_000;

    ApplyPatchTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "apply_patch",
                "Apply a patch",
                "Applies a patch in Codex's apply_patch format (*** Begin Patch … *** End Patch; Add/Delete/Update File, "
                        + "Move to, @@ hunks) on an executor, all or nothing: every hunk is located first (exact, then tolerating "
                        + "whitespace, then Unicode punctuation; never ambiguous). Atomic writes keep line endings and mode. "
                        + "Returns per-file counts, SHA-256, diff.",
                Schema.object()
                        .required("exe_id", Schema.exeId())
                        .required("patch", Schema.string("The patch text."))
                        .optional("cwd", Schema.string("Absolute directory for the patch's relative paths."))
                        .optional("dry_run", Schema.bool("Write nothing; return what would change."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("dry_run", Schema.bool("Nothing was written."))
                        .required("files", Schema.arrayOf("Each file changed, in patch order.", Schema.object()
                                .required("path", Schema.string("The file (its new path after a move)."))
                                .required("action", Schema.enumOf("What happened to it.", "add", "update", "delete", "move"))
                                .optional("from", Schema.string("A moved file's old path."))
                                .required("added", Schema.integer("Lines added."))
                                .required("removed", Schema.integer("Lines removed."))
                                .required("sha256", Schema.nullable(Schema.string("SHA-256 of the new content, hex; null when deleted.")))
                                .build()))
                        .required("diff", Schema.string("Unified diff, cut in the middle when long."))
                        .required("diff_truncated", Schema.bool("The diff was cut."))
                        .required("notes", Schema.arrayOf("Hunks that matched only loosely.", Schema.string("A note.")))
                        .build(),
                false, true, false));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String text = args.requiredNonEmpty("patch");
        String cwd = args.has("cwd") ? RemotePath.require(args, "cwd") : null;
        boolean dryRun = args.optionalBoolean("dry_run", false);
        Patch patch;
        try {
            patch = PatchParser.parse(text);
        } catch (PatchException e) {
            throw new ToolException("The patch was refused; nothing was written. " + capitalize(e.getMessage()));
        }
        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        List<Change> changes = PatchPlan.prepare(call, patch, cwd);
        if (!dryRun) {
            PatchWriter.write(call, changes);
        }
        return result(call.exeId(), changes, dryRun);
    }

    private static ToolResult result(String exeId, List<Change> changes, boolean dryRun) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("dry_run", dryRun);
        ArrayNode files = out.putArray("files");
        ArrayNode notes = out.putArray("notes");
        StringBuilder diff = new StringBuilder();
        StringBuilder text = new StringBuilder(dryRun ? "Dry run on '" + exeId + "', nothing written; the patch would change "
                : "Applied the patch on '" + exeId + "': ").append(changes.size()).append(changes.size() == 1 ? " file" : " files")
                .append(":\n");
        for (Change c : changes) {
            UnifiedDiff d = c.diff();
            ObjectNode f = files.addObject()
                    .put("path", c.moveTo() == null ? c.path() : c.moveTo())
                    .put("action", c.action().name().toLowerCase(java.util.Locale.ROOT));
            if (c.moveTo() != null) {
                f.put("from", c.path());
            }
            f.put("added", d.added()).put("removed", d.removed());
            if (c.after() == null) {
                f.putNull("sha256");
            } else {
                f.put("sha256", Digests.sha256(c.after()));
            }
            text.append(c.action().letter).append(' ').append(c.shownPath()).append(" (+").append(d.added()).append(" -")
                    .append(d.removed()).append(")\n");
            c.notes().forEach(notes::add);
            diff.append(d.text());
        }
        String shown = UnifiedDiff.bounded(diff.toString(), MAX_DIFF_CHARS);
        out.put("diff", shown).put("diff_truncated", shown.length() != diff.length());
        notes.forEach(n -> text.append("Note: ").append(n.asText()).append('\n'));
        text.append(shown);
        return ToolResult.ok(text.toString().stripTrailing(), out);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
