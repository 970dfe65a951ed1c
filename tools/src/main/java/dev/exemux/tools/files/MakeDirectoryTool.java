package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;

/** make_directory: mkdir, by default like {@code mkdir -p}. */
final class MakeDirectoryTool extends FileTool {

    MakeDirectoryTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "make_directory",
                "Create a directory",
                "Creates a directory on an executor. With parents (default true) missing parent directories are created "
                        + "too and an existing directory is fine; with parents false the parent must exist.",
                input("Absolute path of the directory.")
                        .optional("parents", Schema.bool("Create missing parents, accept an existing directory (default true)."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The directory."))
                        .required("created", Schema.bool("False when it already existed."))
                        .build(),
                false, false, true));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        boolean parents = args.optionalBoolean("parents", true);
        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata existing = call.statOrNull(path);
        if (existing != null) {
            if (!existing.isDirectory()) {
                throw new ToolException(path + " already exists on '" + call.exeId() + "' and is not a directory"
                        + (existing.danglingLink() ? " (a symlink to " + existing.linkTarget() + ", which does not exist)" : "") + ".");
            }
            if (!parents) {
                throw new ToolException(path + " already exists on '" + call.exeId() + "'. Pass parents: true to accept an existing directory.");
            }
            return ToolResult.ok(path + " already exists on '" + call.exeId() + "'; nothing to do.",
                    JsonNodeFactory.instance.objectNode().put("path", path).put("created", false));
        }
        try {
            call.await(call.executor().createDirectory(path, parents), "create directory " + path);
        } catch (RemoteCallException e) {
            if (e.reason() == RemoteCallException.Reason.NOT_FOUND && !parents) {
                throw new ToolException("The parent directory " + RemotePath.parent(path) + " does not exist on '" + call.exeId()
                        + "'. Pass parents: true to create it as well.");
            }
            throw e;
        }
        return ToolResult.ok("Created directory " + path + " on '" + call.exeId() + "'.",
                JsonNodeFactory.instance.objectNode().put("path", path).put("created", true));
    }
}
