package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** list_directory: a sorted listing with types and sizes, a few levels deep, capped. */
final class ListDirectoryTool extends FileTool {

    static final int MAX_DEPTH = 5;
    static final int MAX_ENTRIES = 1000;
    /** Metadata requests in flight at once: enough to hide latency, few enough to be polite. */
    private static final int STAT_WIDTH = 16;
    private static final int LIST_WIDTH = 4;

    /** Sorts "a", "a/b", "a-b": a directory's entries right after it. */
    static final Comparator<String> PATH_ORDER = dev.exemux.tools.text.PathOrder.COMPARATOR;

    private record Entry(String relative, String absolute, DirectoryEntry listed, FileMetadata meta) {

        FileKind kind() {
            return meta != null ? FileKind.of(meta) : FileKind.of(listed.isDirectory(), listed.isFile());
        }

        boolean descend() {
            // Never through symlinks (they can loop and lead outside the tree asked for); without metadata
            // a symlink cannot be told from a directory, so stay out.
            return meta != null && kind() == FileKind.DIR;
        }

        Long size() {
            return meta != null && meta.isFile() && meta.size() >= 0 ? meta.size() : null;
        }
    }

    ListDirectoryTool(ExecutorResolver resolver) {
        super(resolver, new ToolDefinition(
                "list_directory",
                "List a directory",
                "Lists a directory on an executor, sorted by path, with each entry's type (file, dir, symlink, other) and "
                        + "file size. depth > 1 also lists subdirectories (not through symlinks). Hidden entries (starting with "
                        + "'.') are left out unless include_hidden is true. At most " + MAX_ENTRIES + " entries are shown.",
                input("Absolute path of the directory.")
                        .optional("depth", Schema.integer("Levels to list (default 1 = just this directory).", 1, MAX_DEPTH))
                        .optional("include_hidden", Schema.bool("Include entries whose name starts with '.' (default false)."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The directory listed."))
                        .required("entries", Schema.arrayOf("Entries sorted by path.", Schema.object()
                                .required("path", Schema.string("Path relative to the listed directory."))
                                .required("type", Schema.enumOf("Entry type.", FileKind.labels()))
                                .optional("size", Schema.integer("File size in bytes."))
                                .build()))
                        .required("omitted", Schema.integer("Entries found but not shown because of the entry limit."))
                        .required("hidden_skipped", Schema.integer("Hidden entries left out."))
                        .required("complete", Schema.bool("False when the limit stopped the listing before the requested depth."))
                        .build(),
                true, false, true));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        int depth = args.optionalInt("depth", 1, 1, MAX_DEPTH);
        boolean includeHidden = args.optionalBoolean("include_hidden", false);
        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        FileMetadata root = call.statExisting(path);
        if (!root.isDirectory()) {
            throw new ToolException(path + " on '" + call.exeId() + "' is not a directory. Use stat_path or read_file for a file.");
        }

        List<Entry> shown = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int omitted = 0;
        int hidden = 0;
        boolean complete = true;
        List<Entry> level = List.of(new Entry("", path, null, root));
        for (int d = 1; d <= depth && !level.isEmpty(); d++) {
            List<List<DirectoryEntry>> listings = call.await(
                    BoundedParallel.map(level, LIST_WIDTH, dir -> call.executor().listDirectory(dir.absolute())), "list " + path);
            List<Entry> found = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                Entry dir = level.get(i);
                List<DirectoryEntry> listing = listings.get(i);
                if (listing == null) {
                    if (d == 1) {
                        // The directory itself: its own error (permission denied, ...) is the answer.
                        call.await(call.executor().listDirectory(path), "list " + path);
                    }
                    unreadable.add(dir.relative());
                    continue;
                }
                for (DirectoryEntry e : listing) {
                    if (!includeHidden && e.name().startsWith(".")) {
                        hidden++;
                        continue;
                    }
                    String relative = dir.relative().isEmpty() ? e.name() : dir.relative() + "/" + e.name();
                    found.add(new Entry(relative, RemotePath.child(dir.absolute(), e.name()), e, null));
                }
            }
            found.sort(Comparator.comparing(Entry::relative, PATH_ORDER));
            int room = MAX_ENTRIES - shown.size();
            if (found.size() > room) {
                omitted += found.size() - room;
                found = found.subList(0, room);
                complete &= d == depth;
            }
            List<FileMetadata> metas = call.await(
                    BoundedParallel.map(found, STAT_WIDTH, e -> call.executor().stat(e.absolute())), "stat entries of " + path);
            List<Entry> next = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                Entry e = found.get(i);
                Entry withMeta = new Entry(e.relative(), e.absolute(), e.listed(), metas.get(i));
                shown.add(withMeta);
                if (withMeta.descend()) {
                    next.add(withMeta);
                }
            }
            if (shown.size() >= MAX_ENTRIES && d < depth && !next.isEmpty()) {
                complete = false;
                break;
            }
            level = next;
        }
        shown.sort(Comparator.comparing(Entry::relative, PATH_ORDER));
        return render(path, call.exeId(), depth, shown, omitted, hidden, complete, unreadable);
    }

    private static ToolResult render(String path, String exeId, int depth, List<Entry> shown, int omitted, int hidden,
                                     boolean complete, List<String> unreadable) {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        StringBuilder text = new StringBuilder(path).append(" on '").append(exeId).append("': ")
                .append(shown.size()).append(shown.size() == 1 ? " entry" : " entries")
                .append(depth > 1 ? " (depth " + depth + ")" : "").append('\n');
        for (Entry e : shown) {
            ObjectNode node = entries.addObject().put("path", e.relative()).put("type", e.kind().label);
            text.append(String.format("%-8s %s", e.kind().label, e.relative())).append(e.kind() == FileKind.DIR ? "/" : "");
            if (e.size() != null) {
                node.put("size", e.size());
                text.append("  (").append(e.size()).append(" bytes)");
            }
            text.append('\n');
        }
        if (shown.isEmpty()) {
            text.append("(empty)\n");
        }
        if (omitted > 0 || !complete) {
            text.append("[").append(omitted > 0 ? omitted + " more entries not shown" : "Listing stopped")
                    .append(": the limit is ").append(MAX_ENTRIES).append(complete ? "" : " and deeper levels were not listed")
                    .append(". List a subdirectory, or use a smaller depth.]\n");
        }
        if (hidden > 0) {
            text.append("[").append(hidden).append(" hidden entr").append(hidden == 1 ? "y" : "ies")
                    .append(" left out; include_hidden: true shows them.]\n");
        }
        if (!unreadable.isEmpty()) {
            text.append("[Could not list: ").append(String.join(", ", unreadable)).append(".]\n");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("path", path);
        out.set("entries", entries);
        out.put("omitted", omitted).put("hidden_skipped", hidden).put("complete", complete);
        return ToolResult.ok(text.toString().stripTrailing(), out);
    }
}
