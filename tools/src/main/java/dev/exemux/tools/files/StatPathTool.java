package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.time.Instant;

/** stat_path: what is at a path. */
final class StatPathTool extends FileTool {

    StatPathTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "stat_path",
                "Inspect a path",
                "Tells what is at a path on an executor: type (file, dir, other; a symlink reports its target's type, "
                        + "is_symlink and target), size in bytes and modification time. A missing path is an error.",
                input("Absolute path.")
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The path inspected."))
                        .required("type", Schema.enumOf("What the path is (a symlink: its target's type; missing when that "
                                + "target does not exist).", "file", "dir", "other", "missing"))
                        .required("is_symlink", Schema.bool("The path itself is a symbolic link."))
                        .optional("target", Schema.string("A symlink's target, as stored (may be relative)."))
                        .optional("size", Schema.integer("Size in bytes (a dangling symlink: the link's own)."))
                        .optional("modified", Schema.string("Last modification, ISO-8601 UTC, when known."))
                        .build(),
                true, false, true));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata m = call.statExisting(path);
        String type = m.danglingLink() ? "missing" : FileKind.of(m.isDirectory(), m.isFile()).label;
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("path", path)
                .put("type", type)
                .put("is_symlink", m.isSymlink());
        StringBuilder text = new StringBuilder(path).append(" on '").append(call.exeId()).append("': ");
        if (m.linkTarget() != null) {
            out.put("target", m.linkTarget());
        }
        if (m.danglingLink()) {
            text.append("symlink to ").append(m.linkTarget()).append(", which does not exist (a dangling link; remove_path removes it)");
        } else {
            text.append(m.isSymlink() ? "symlink to a " : "").append(type)
                    .append(m.linkTarget() != null ? " (-> " + m.linkTarget() + ")" : "");
        }
        if (m.size() >= 0) {
            out.put("size", m.size());
            text.append(", ").append(m.size()).append(" bytes");
        }
        if (m.modifiedAtMs() > 0) {
            String modified = Instant.ofEpochMilli(m.modifiedAtMs()).toString();
            out.put("modified", modified);
            text.append(", modified ").append(modified);
        }
        return ToolResult.ok(text.append('.').toString(), out);
    }
}
