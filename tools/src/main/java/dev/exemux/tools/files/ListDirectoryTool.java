package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
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

    /** Directories listed per call only to count entries that are not shown (past the entry limit). */
    static final int MAX_COUNTING_LISTINGS = 512;

    private record Entry(String relative, String absolute, DirectoryEntry listed, FileMetadata meta) {

        /** The listing's own metadata, else what a stat found (null when it failed). */
        static Entry of(String relative, String absolute, DirectoryEntry listed) {
            return new Entry(relative, absolute, listed, listed.metadata());
        }

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
                "Lists a directory on an executor, sorted by path, with each entry's type (file, dir, symlink with its "
                        + "target, other) and file size. depth > 1 also lists subdirectories (not through symlinks). Hidden entries (starting with "
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
                                .optional("size", Schema.integer("File size in bytes (a symlink's: its target's)."))
                                .optional("target", Schema.string("A symlink's target, as stored."))
                                .optional("dangling", Schema.bool("True when the symlink's target does not exist."))
                                .build()))
                        .required("omitted", Schema.integer("Entries not shown because of the entry limit (at least this many when not complete)."))
                        .required("hidden_skipped", Schema.integer("Hidden entries left out."))
                        .required("complete", Schema.bool("False when omitted is only a lower bound: not every directory past the limit was listed."))
                        .build(),
                true, false, true));
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String path = RemotePath.require(args, "path");
        int depth = args.optionalInt("depth", 1, 1, MAX_DEPTH);
        boolean includeHidden = args.optionalBoolean("include_hidden", false);
        ExecutorCall call = ExecutorCall.open(resolver, args, context);
        List<DirectoryEntry> top = listRoot(call, path);

        List<Entry> shown = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int omitted = 0;
        int hidden = 0;
        int countingListings = 0;
        boolean complete = true;
        List<Entry> level = List.of(new Entry("", path, null, null));
        for (int d = 1; d <= depth && !level.isEmpty(); d++) {
            List<List<DirectoryEntry>> listed = d == 1 ? List.of(top) : call.await(
                    BoundedParallel.map(level, LIST_WIDTH, dir -> call.executor().listDirectory(dir.absolute())), "list " + path);
            boolean countingOnly = shown.size() >= MAX_ENTRIES;
            List<Entry> found = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                Entry dir = level.get(i);
                List<DirectoryEntry> listing = listed.get(i);
                if (listing == null) {
                    if (countingOnly) {
                        complete = false; // its entries are not counted
                    } else {
                        unreadable.add(dir.relative());
                    }
                    continue;
                }
                for (DirectoryEntry e : listing) {
                    if (!includeHidden && e.name().startsWith(".")) {
                        hidden++;
                        continue;
                    }
                    String relative = dir.relative().isEmpty() ? e.name() : dir.relative() + "/" + e.name();
                    found.add(Entry.of(relative, RemotePath.child(dir.absolute(), e.name()), e));
                }
            }
            found.sort(Comparator.comparing(Entry::relative, PATH_ORDER));
            int room = Math.max(0, MAX_ENTRIES - shown.size());
            List<Entry> show = found.subList(0, Math.min(room, found.size()));
            // Entries past the limit are only counted (and their directories listed, to count what is in them).
            List<Entry> counted = found.subList(show.size(), found.size());
            omitted += counted.size();
            List<Entry> next = new ArrayList<>();
            for (Entry e : withMetadata(call, path, show)) {
                shown.add(e);
                if (e.descend()) {
                    next.add(e);
                }
            }
            if (d == depth) {
                break;
            }
            if (shown.size() >= MAX_ENTRIES) {
                // Nothing deeper will be shown: what is still listed is listed only to be counted, within a budget.
                counted.stream().filter(Entry::descend).forEach(next::add);
                if (counted.stream().anyMatch(e -> e.meta() == null && e.listed().isDirectory())) {
                    complete = false; // a directory (or a link to one) whose metadata is unknown: not counted
                }
                if (next.size() > MAX_COUNTING_LISTINGS - countingListings) {
                    complete = false;
                    next = next.subList(0, Math.max(0, MAX_COUNTING_LISTINGS - countingListings));
                }
                countingListings += next.size();
            }
            level = next;
        }
        shown.sort(Comparator.comparing(Entry::relative, PATH_ORDER));
        return render(path, call.exeId(), depth, shown, omitted, hidden, complete, unreadable);
    }

    /** The directory's own listing: its errors (missing, not a directory, permission denied) are the answer. */
    private static List<DirectoryEntry> listRoot(ExecutorCall call, String path) {
        try {
            return call.await(call.executor().listDirectory(path), "list " + path);
        } catch (RemoteCallException e) {
            if (e.reason() != RemoteCallException.Reason.PERMISSION_DENIED) {
                // Releases word "not a directory" differently: what is at the path says it plainly.
                FileMetadata m = call.statOrNull(path);
                if (m == null) {
                    throw new ToolException(path + " does not exist on '" + call.exeId() + "'. Check the path with list_directory on its parent.");
                }
                if (!m.isDirectory()) {
                    throw new ToolException(path + " on '" + call.exeId() + "' is not a directory"
                            + (m.danglingLink() ? " (a symlink to " + m.linkTarget() + ", which does not exist)" : "")
                            + ". Use stat_path or read_file for a file.");
                }
            }
            throw e;
        }
    }

    /** Entries whose listing did not bring their metadata are stat'ed (a few at a time); failures stay without. */
    private static List<Entry> withMetadata(ExecutorCall call, String path, List<Entry> entries) {
        List<Entry> missing = entries.stream().filter(e -> e.meta() == null).toList();
        if (missing.isEmpty()) {
            return entries;
        }
        List<FileMetadata> metas = call.await(
                BoundedParallel.map(missing, STAT_WIDTH, e -> call.executor().stat(e.absolute())), "stat entries of " + path);
        java.util.Map<String, FileMetadata> byPath = new java.util.HashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            if (metas.get(i) != null) {
                byPath.put(missing.get(i).absolute(), metas.get(i));
            }
        }
        return entries.stream()
                .map(e -> e.meta() != null ? e : new Entry(e.relative(), e.absolute(), e.listed(), byPath.get(e.absolute())))
                .toList();
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
            if (e.meta() != null && e.meta().linkTarget() != null) {
                node.put("target", e.meta().linkTarget());
                text.append(" -> ").append(e.meta().linkTarget());
                if (e.meta().danglingLink()) {
                    node.put("dangling", true);
                    text.append(" (missing)");
                } else {
                    text.append(e.meta().isDirectory() ? " (dir)" : "");
                }
            }
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
            text.append("[").append(complete ? "" : "At least ").append(omitted).append(" more entr").append(omitted == 1 ? "y" : "ies")
                    .append(" not shown: the limit is ").append(MAX_ENTRIES)
                    .append(complete ? "" : ", and not every directory past it was counted")
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
