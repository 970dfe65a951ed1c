package dev.exemux.tools.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.ToolResult;
import java.util.List;

/**
 * A page as text for a model and as structured content. A line ending in {@code /} names a directory
 * ({@code ./} the search root; {@link DirectoryLines} chooses them), the files below it are written
 * relative to it: a file's path, then its lines as {@code LINE:text} without their indentation (context
 * lines {@code LINE-text}), or a file with a single match (no context asked) as one line
 * {@code path:LINE:text}, as grep prints it. Paths and indentation are what a model pays for most and
 * needs least (the structured content keeps both whole).
 */
final class Render {

    private Render() {}

    static ToolResult result(SearchRequest request, String exeId, String engine, SearchPage page, HitStream stream,
                             boolean deadline, String key) {
        List<SearchHit> hits = page.hits();
        boolean files = request.filesMode();
        Cursor next = null;
        if (page.hasMore() || deadline) {
            if (!hits.isEmpty()) {
                SearchHit last = hits.get(hits.size() - 1);
                next = new Cursor(last.path(), files ? Cursor.WHOLE_FILE : last.line());
            } else if (deadline && stream.lastFinished() != null) {
                next = new Cursor(stream.lastFinished(), Cursor.WHOLE_FILE);
            } else if (deadline && request.afterPath() != null) {
                next = new Cursor(request.afterPath(), request.afterLine());
            }
        }
        if (files && next != null && next.line() != Cursor.WHOLE_FILE) {
            next = new Cursor(next.path(), Cursor.WHOLE_FILE);
        }

        StringBuilder text = new StringBuilder();
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        List<String> paths = hits.stream().map(SearchHit::path).distinct().toList();
        int fileCount = paths.size();
        text.append(hits.size()).append(files ? (hits.size() == 1 ? " file" : " files")
                        : (hits.size() == 1 ? " match" : " matches") + " in " + fileCount + (fileCount == 1 ? " file" : " files"))
                .append(request.afterPath() == null ? "" : " after the cursor")
                .append(" under ").append(request.root()).append(" on '").append(exeId).append("' (").append(engine).append(")\n");
        List<String> dirs = DirectoryLines.choose(paths);
        int fileIndex = -1;
        String currentPath = null;
        String currentDir = null;
        ArrayNode matches = null;
        for (int h = 0; h < hits.size(); h++) {
            SearchHit hit = hits.get(h);
            boolean newFile = !hit.path().equals(currentPath);
            if (newFile) {
                String dir = dirs.get(++fileIndex);
                if (!dir.equals(currentDir)) {
                    text.append(dir).append("/\n");
                    currentDir = dir;
                }
                text.append(DirectoryLines.relative(hit.path(), dir));
                currentPath = hit.path();
                boolean alone = !files && request.contextLines() == 0
                        && (h + 1 == hits.size() || !hits.get(h + 1).path().equals(hit.path()));
                text.append(alone ? ':' : '\n'); // a file's only match goes on its line, as grep prints it
            }
            if (files) {
                results.addObject().put("path", hit.path());
                continue;
            }
            if (newFile) {
                matches = results.addObject().put("path", hit.path()).putArray("matches");
            } else if (request.contextLines() > 0) {
                text.append("--\n");
            }
            for (SearchHit.Context c : hit.before()) {
                text.append(c.line()).append('-').append(c.text().stripLeading()).append('\n');
            }
            text.append(hit.line()).append(':').append(hit.text().stripLeading()).append('\n');
            for (SearchHit.Context c : hit.after()) {
                text.append(c.line()).append('-').append(c.text().stripLeading()).append('\n');
            }
            ObjectNode node = matches.addObject().put("line", hit.line()).put("text", hit.text());
            if (request.contextLines() > 0) {
                node.set("before", context(hit.before()));
                node.set("after", context(hit.after()));
            }
        }
        if (page.hasMore()) {
            text.append('[').append(page.countCapped() ? "more than " : "").append(page.more())
                    .append(" more; continue with cursor: ").append(next.encode(key)).append("]\n");
        }
        if (deadline) {
            text.append("[The search stopped at the call's deadline").append(next != null ? "; continue with cursor: " + next.encode(key)
                    : "; narrow path or glob").append("]\n");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("path", request.root())
                .put("mode", files ? "files" : "content")
                .put("engine", engine);
        out.set("results", results);
        out.put("returned", hits.size());
        out.put("more", page.more()).put("more_at_least", page.countCapped() || (deadline && page.hasMore()));
        if (next != null) {
            out.put("cursor", next.encode(key));
        } else {
            out.putNull("cursor");
        }
        out.put("stopped_at_deadline", deadline);
        return ToolResult.ok(text.toString().stripTrailing(), out);
    }

    private static ArrayNode context(List<SearchHit.Context> lines) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (SearchHit.Context c : lines) {
            a.addObject().put("line", c.line()).put("text", c.text());
        }
        return a;
    }
}
