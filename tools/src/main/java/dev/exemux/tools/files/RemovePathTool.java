package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.List;

/** remove_path: deletes a file, a symlink or a directory, with guards against the costly mistakes. */
final class RemovePathTool extends FileTool {

    RemovePathTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "remove_path",
                "Remove a path",
                "Deletes a file, symlink (the link, not its target) or directory on an executor. A non-empty directory "
                        + "needs recursive: true. A missing path is an error unless force is true. The root directory is "
                        + "never removed.",
                input("Absolute path to remove.")
                        .optional("recursive", Schema.bool("Remove a directory with everything in it (default false)."))
                        .optional("force", Schema.bool("Succeed when the path does not exist (default false)."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The path."))
                        .required("removed", Schema.bool("False when nothing was there (with force)."))
                        .optional("type", Schema.enumOf("What was removed.", FileKind.labels()))
                        .build(),
                false, true, true));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        boolean recursive = args.optionalBoolean("recursive", false);
        boolean force = args.optionalBoolean("force", false);
        if (RemotePath.isRoot(path)) {
            throw new ToolException("Refusing to remove '" + path + "': it is the root directory, and removing it would "
                    + "destroy the executor's whole filesystem. Remove the specific files or directories you mean instead.");
        }
        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata m = call.statOrNull(path);
        if (m == null) {
            if (force) {
                return ToolResult.ok(path + " does not exist on '" + call.exeId() + "'; nothing to remove.",
                        JsonNodeFactory.instance.objectNode().put("path", path).put("removed", false));
            }
            throw new ToolException(path + " does not exist on '" + call.exeId() + "'. Pass force: true to accept a missing path.");
        }
        FileKind kind = FileKind.of(m);
        if (kind == FileKind.DIR && !recursive) {
            List<DirectoryEntry> entries = call.await(call.executor().listDirectory(path), "list " + path);
            if (!entries.isEmpty()) {
                throw new ToolException(path + " is a directory with " + entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies")
                        + " on '" + call.exeId() + "'. Pass recursive: true to remove it with everything in it.");
            }
        }
        // recursive only where it matters: a symlink to a directory is removed as a link.
        call.await(call.executor().remove(path, kind == FileKind.DIR && recursive, force), "remove " + path);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("path", path).put("removed", true).put("type", kind.label);
        return ToolResult.ok("Removed " + (kind == FileKind.DIR ? "directory " : kind == FileKind.SYMLINK ? "symlink " : "")
                + path + " on '" + call.exeId() + "'.", out);
    }
}
