package dev.exemux.tools.files;

import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.patch.HunkApplier;
import dev.exemux.tools.patch.HunkLocator;
import dev.exemux.tools.patch.Patch;
import dev.exemux.tools.patch.Patch.FileOp;
import dev.exemux.tools.patch.TextLines;
import dev.exemux.tools.patch.Tolerance;
import dev.exemux.tools.patch.UnifiedDiff;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * apply_patch's first phase: resolves the patch's paths, reads every file it touches and locates
 * every hunk, so that nothing is written unless all of it applies. Every problem is collected, each
 * naming its patch line, file and hunk.
 */
final class PatchPlan {

    /** Problems listed in one refusal; the rest are counted. */
    private static final int MAX_LISTED_PROBLEMS = 8;

    enum Action {
        ADD("A"), UPDATE("M"), DELETE("D"), MOVE("R");

        final String letter;

        Action(String letter) {
            this.letter = letter;
        }
    }

    /**
     * One file's change, ready to write.
     *
     * @param path the file (for a move: where it is now)
     * @param moveTo where a move puts it, else null
     * @param before its content now (null for an added file)
     * @param after its content afterwards (null for a deleted file)
     * @param meta its metadata when read (null for an added file)
     * @param notes how loosely hunks matched, when not exactly
     */
    record Change(Action action, String path, String moveTo, byte[] before, byte[] after, FileMetadata meta,
                  UnifiedDiff diff, List<String> notes) {

        String shownPath() {
            return moveTo == null ? path : path + " -> " + moveTo;
        }
    }

    private PatchPlan() {}

    /** @param cwd absolute directory for relative paths, or null */
    static List<Change> prepare(ExecutorCall call, Patch patch, String cwd) {
        List<Resolved> resolved = resolve(patch, cwd);
        List<Change> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Resolved r : resolved) {
            try {
                changes.add(change(call, r, problems));
            } catch (ToolException e) {
                problems.add(e.getMessage());
            } catch (RemoteCallException e) {
                problems.add("line " + r.op().line() + ": " + e.getMessage()); // e.g. permission denied
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder s = new StringBuilder("The patch was not applied; nothing was written. ");
            s.append(problems.size() == 1 ? "Problem:" : problems.size() + " problems:");
            for (int i = 0; i < Math.min(problems.size(), MAX_LISTED_PROBLEMS); i++) {
                s.append("\n- ").append(problems.get(i));
            }
            if (problems.size() > MAX_LISTED_PROBLEMS) {
                s.append("\n- … and ").append(problems.size() - MAX_LISTED_PROBLEMS).append(" more.");
            }
            throw new ToolException(s.toString());
        }
        return changes;
    }

    private record Resolved(FileOp op, String path, String moveTo) {}

    /** Absolute paths for every operation; two operations on one path are refused. */
    private static List<Resolved> resolve(Patch patch, String cwd) {
        Map<String, Integer> seen = new HashMap<>();
        List<Resolved> out = new ArrayList<>();
        for (FileOp op : patch.ops()) {
            String path = absolute(op.path(), cwd, op.line());
            claim(seen, path, op.line());
            String moveTo = null;
            if (op instanceof Patch.Update u && u.moveTo() != null) {
                moveTo = absolute(u.moveTo(), cwd, u.moveLine());
                if (moveTo.equals(path)) {
                    moveTo = null;
                } else {
                    claim(seen, moveTo, u.moveLine());
                }
            }
            out.add(new Resolved(op, path, moveTo));
        }
        return out;
    }

    private static void claim(Map<String, Integer> seen, String path, int line) {
        Integer earlier = seen.putIfAbsent(RemotePath.normalize(path), line);
        if (earlier != null) {
            throw new ToolException("The patch was not applied; nothing was written. Line " + line + ": " + path
                    + " is already changed by the operation on line " + earlier + "; give each file one operation.");
        }
    }

    private static String absolute(String path, String cwd, int line) {
        String full;
        if (path.startsWith("/")) {
            full = path;
        } else if (cwd == null) {
            throw new ToolException("Line " + line + ": the path '" + Args.echo(path) + "' is relative; pass cwd (an absolute "
                    + "directory) to resolve it, or write absolute paths.");
        } else {
            full = cwd + "/" + path;
        }
        full = RemotePath.clean(full);
        if (full.getBytes(StandardCharsets.UTF_8).length > Args.MAX_PATH_BYTES) {
            throw new ToolException("Line " + line + ": the path '" + Args.echo(full) + "' is longer than " + Args.MAX_PATH_BYTES
                    + " bytes (PATH_MAX).");
        }
        return full;
    }

    /** Metadata, or null when nothing is there, including when a parent is a file (requireCreatable then says so). */
    private static FileMetadata stat(ExecutorCall call, String path) {
        try {
            return call.statOrNull(path);
        } catch (RemoteCallException e) {
            if (e.reason() == RemoteCallException.Reason.NOT_A_DIRECTORY) {
                return null;
            }
            throw e;
        }
    }

    /** The nearest existing ancestor of {@code path} must be a directory (missing ones are created when writing). */
    private static void requireCreatable(ExecutorCall call, String path, String at) {
        for (String dir = RemotePath.parent(path); ; dir = RemotePath.parent(dir)) {
            FileMetadata m = stat(call, dir);
            if (m != null) {
                if (!m.isDirectory()) {
                    throw new ToolException(at + path + " cannot be created on '" + call.exeId() + "': " + dir + " is a file, "
                            + "not a directory.");
                }
                return;
            }
            if (dir.equals("/")) {
                return;
            }
        }
    }

    private static Change change(ExecutorCall call, Resolved r, List<String> problems) {
        FileOp op = r.op();
        String at = "line " + op.line() + ": ";
        FileMetadata meta = stat(call, r.path());
        if (op instanceof Patch.Add add) {
            if (meta != null) {
                throw new ToolException(at + "'*** Add File: " + op.path() + "' but " + r.path() + " already exists on '"
                        + call.exeId() + "'. Use '*** Update File:' to change it.");
            }
            requireCreatable(call, r.path(), at);
            byte[] after = HunkApplier.newFile(add.lines()).getBytes(StandardCharsets.UTF_8);
            return new Change(Action.ADD, r.path(), null, null, after, null,
                    UnifiedDiff.of("/dev/null", r.path(), "", new String(after, StandardCharsets.UTF_8)), List.of());
        }
        String verb = op instanceof Patch.Delete ? "Delete" : "Update";
        if (meta == null) {
            throw new ToolException(at + "'*** " + verb + " File: " + op.path() + "' but " + r.path() + " does not exist on '"
                    + call.exeId() + "'." + (verb.equals("Update") ? " Use '*** Add File:' to create it." : ""));
        }
        if (meta.isDirectory()) {
            throw new ToolException(at + r.path() + " is a directory on '" + call.exeId() + "'; apply_patch changes files"
                    + (verb.equals("Delete") ? " (remove_path removes directories)." : "."));
        }
        if (meta.size() > EditFileTool.MAX_EDIT_BYTES) {
            throw new ToolException(at + r.path() + " has " + meta.size() + " bytes, more than apply_patch handles ("
                    + EditFileTool.MAX_EDIT_BYTES + ").");
        }
        byte[] before = call.await(call.executor().readFile(r.path()), "read " + r.path());
        if (op instanceof Patch.Delete) {
            String old = Utf8.looksBinary(before, 0, before.length) ? null : Utf8.decodeStrict(before);
            UnifiedDiff diff = old != null ? UnifiedDiff.of(r.path(), "/dev/null", old, "")
                    : new UnifiedDiff("Binary file " + r.path() + " deleted\n", 0, 0);
            return new Change(Action.DELETE, r.path(), null, before, null, meta, diff, List.of());
        }
        Patch.Update update = (Patch.Update) op;
        if (r.moveTo() != null && stat(call, r.moveTo()) != null) {
            throw new ToolException("line " + update.moveLine() + ": '*** Move to: " + update.moveTo() + "' but " + r.moveTo()
                    + " already exists on '" + call.exeId() + "'. Delete it in a separate call first, or move elsewhere.");
        }
        if (r.moveTo() != null) {
            requireCreatable(call, r.moveTo(), "line " + update.moveLine() + ": ");
        }
        String text = EditFileTool.decode(before, r.path(), "apply_patch");
        TextLines lines = TextLines.of(text);
        HunkLocator.Result located = HunkLocator.locate(lines.lines(), update.hunks());
        if (!located.ok()) {
            for (HunkLocator.Failure f : located.failures()) {
                problems.add(r.path() + ": " + f.message());
            }
            return null;
        }
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < located.matches().size(); i++) {
            Tolerance t = located.matches().get(i).tolerance();
            if (t != Tolerance.EXACT) {
                notes.add(r.path() + ": hunk " + (i + 1) + " matched " + t.description + ".");
            }
        }
        String newText = HunkApplier.apply(lines, located.matches());
        byte[] after = newText.getBytes(StandardCharsets.UTF_8);
        String target = r.moveTo() == null ? r.path() : r.moveTo();
        return new Change(r.moveTo() == null ? Action.UPDATE : Action.MOVE, r.path(), r.moveTo(), before, after, meta,
                UnifiedDiff.of(r.path(), target, text, newText), List.copyOf(notes));
    }
}
