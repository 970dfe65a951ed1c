package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.List;

/**
 * move_path: rename(2) where source and destination share a file system (atomic); across file
 * systems a copy, verified against the source (tree listing and SHA-256 of every file), then the
 * source removed, and the result says so.
 */
final class MovePathTool extends FileTool {

    /** Prints one digest of a file's bytes, or of a directory's tree (types, names, file contents); paths are arguments. */
    private static final String FINGERPRINT = "if [ -d \"$1\" ] && [ ! -L \"$1\" ]; then cd \"$1\" && "
            + "{ find . -printf '%y %P\\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum; }"
            + " | sha256sum; else sha256sum < \"$1\"; fi";

    MovePathTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "move_path",
                "Move or rename a path",
                "Moves or renames a file or directory on an executor: atomic on one file system; across file systems it "
                        + "copies, verifies and removes the source, and says so. Refuses to replace dst unless overwrite is "
                        + "true (a non-empty directory never). dst's parent must exist.",
                Schema.object()
                        .required("exe_id", Schema.exeId())
                        .required("src", Schema.string("Absolute path to move."))
                        .required("dst", Schema.string("Absolute new path (not a directory to move into)."))
                        .optional("overwrite", Schema.bool("Replace an existing dst (default false)."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("src", Schema.string("The old path."))
                        .required("dst", Schema.string("The new path."))
                        .required("type", Schema.enumOf("What was moved.", "file", "dir", "other"))
                        .required("overwritten", Schema.bool("dst existed and was replaced."))
                        .required("cross_device", Schema.bool("Moved by copy, verify and remove (not atomic)."))
                        .build(),
                false, true, false));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String src = RemotePath.require(args, "src");
        String dst = RemotePath.require(args, "dst");
        boolean overwrite = args.optionalBoolean("overwrite", false);
        String from = RemotePath.normalize(src);
        String to = RemotePath.normalize(dst);
        if (RemotePath.isRoot(src) || RemotePath.isRoot(dst)) {
            throw new ToolException("move_path does not move the root directory '/' or onto it.");
        }
        if (from.equals(to)) {
            throw new ToolException("src and dst are the same path (" + from + "); nothing to move.");
        }
        if (to.startsWith(from + "/")) {
            throw new ToolException("dst " + dst + " is inside src " + src + ": a directory cannot be moved into itself.");
        }

        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata source = call.statOrNull(src);
        if (source == null) {
            throw new ToolException("src " + src + " does not exist on '" + call.exeId() + "'. Check it with list_directory on its parent.");
        }
        String parent = RemotePath.parent(dst);
        FileMetadata parentMeta = call.statOrNull(parent);
        if (parentMeta == null) {
            throw new ToolException("The parent directory " + parent + " of dst does not exist on '" + call.exeId()
                    + "'. Create it with make_directory first.");
        }
        if (!parentMeta.isDirectory()) {
            throw new ToolException(parent + " on '" + call.exeId() + "' is not a directory, so dst " + dst + " cannot be created in it.");
        }
        FileMetadata existing = call.statOrNull(dst);
        if (existing != null) {
            clearDestination(call, source, existing, dst, overwrite);
        }
        Boolean crossDevice = crossDevice(call, src, parent);
        if (Boolean.TRUE.equals(crossDevice)) {
            copyVerifyRemove(call, src, dst, source.isDirectory() && !source.isSymlink());
        } else {
            call.await(call.executor().move(src, dst), "move " + src + " to " + dst);
        }
        boolean copied = Boolean.TRUE.equals(crossDevice);
        FileKind kind = FileKind.of(source.isDirectory(), source.isFile());
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("src", src).put("dst", dst).put("type", kind.label)
                .put("overwritten", existing != null).put("cross_device", copied);
        return ToolResult.ok("Moved " + kind.label + " " + src + " to " + dst + " on '" + call.exeId() + "'"
                + (existing != null ? ", replacing what was there" : "")
                + (copied ? ". They are on different file systems, so it was copied, verified (SHA-256) and the source "
                        + "removed: not atomic." : " (atomic rename)."), out);
    }

    /** Makes way for the move, or refuses: only an allowed overwrite of a file, or of an empty directory by a directory. */
    private static void clearDestination(ExecutorCall call, FileMetadata source, FileMetadata existing, String dst, boolean overwrite) {
        if (!overwrite) {
            throw new ToolException("dst " + dst + " already exists on '" + call.exeId() + "'. Pass overwrite: true to replace it, "
                    + "or choose another path.");
        }
        if (existing.isSymlink()) {
            // mv onto a link to a directory would move src into that directory: replace the link itself.
            call.await(call.executor().remove(dst, false, true), "remove the symlink " + dst);
        } else if (existing.isDirectory()) {
            if (!source.isDirectory()) {
                throw new ToolException("dst " + dst + " is a directory; a file cannot replace it. Give the full new path "
                        + "(e.g. " + RemotePath.child(dst, "name") + ").");
            }
            try {
                call.await(call.executor().remove(dst, false, false), "remove the empty directory " + dst);
            } catch (RemoteCallException e) {
                throw new ToolException("dst " + dst + " is a directory that is not empty (or cannot be removed) on '"
                        + call.exeId() + "', so move_path does not replace it. Remove it with remove_path first if you mean to.");
            }
        } else if (source.isDirectory() && !source.isSymlink()) {
            throw new ToolException("dst " + dst + " is a file; a directory cannot replace it. Remove it with remove_path first.");
        }
    }

    /** Whether src and dst's parent are on different file systems; null when the executor cannot tell (no stat). */
    private static Boolean crossDevice(ExecutorCall call, String src, String dstParent) {
        try {
            ProcessRunner.Result r = call.await(ProcessRunner.run(call.executor(), List.of("stat", "-c", "%d", "--", src, dstParent)),
                    "stat " + src);
            String[] devices = r.stdout().strip().split("\\s+");
            return r.succeeded() && devices.length == 2 ? !devices[0].equals(devices[1]) : null;
        } catch (RuntimeException e) {
            return null; // the move itself will tell
        }
    }

    private static void copyVerifyRemove(ExecutorCall call, String src, String dst, boolean directory) {
        call.await(call.executor().copy(src, dst, directory), "copy " + src + " to " + dst + " (another file system)");
        String before;
        String after;
        try {
            before = fingerprint(call, src);
            after = fingerprint(call, dst);
        } catch (RuntimeException e) {
            call.bestEffort(ex -> ex.remove(dst, true, true));
            throw new ToolException(src + " and " + dst + " are on different file systems and the copy could not be verified ("
                    + e.getMessage() + "), so the copy was removed and src is unchanged. Use copy_path, then remove_path.");
        }
        if (!before.equals(after)) {
            call.bestEffort(ex -> ex.remove(dst, true, true));
            throw new ToolException("The copy of " + src + " to " + dst + " (another file system) did not match the source, so it "
                    + "was removed and src is unchanged. Did something change src meanwhile? Retry.");
        }
        call.await(call.executor().remove(src, directory, false), "remove " + src + " after copying it to " + dst);
    }

    private static String fingerprint(ExecutorCall call, String path) {
        ProcessRunner.Result r = call.await(ProcessRunner.run(call.executor(), List.of("sh", "-c", FINGERPRINT, "sh", path)),
                "checksum " + path);
        r.requireSuccess(call.exeId(), "checksum " + path);
        return r.stdout().strip();
    }
}
