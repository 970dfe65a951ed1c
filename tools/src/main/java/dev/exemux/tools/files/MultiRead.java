package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * read_file with {@code paths}: each file read as read_file reads one (same offset and limit), each
 * with its own result or error, in the order asked. The answer fits {@code max_output_chars}: small
 * parts are kept whole and the rest share what is left equally; a part that is cut ends at a whole
 * line and says where to continue.
 */
final class MultiRead {

    static final int MAX_PATHS = 50;
    static final int MIN_OUTPUT_CHARS = 1000;
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(-?\\d+)\t");

    private MultiRead() {}

    /** A file's entry in {@code files}: its read_file result, or just the path and the error. */
    static ObjectNode itemSchema(ObjectNode fileSchema) {
        ObjectNode item = fileSchema.deepCopy();
        ((ObjectNode) item.get("properties")).set("error", Schema.string("Why this file could not be read."));
        item.putArray("required").add("path");
        return item;
    }

    static ToolResult read(Tool readFile, Args args, ToolContext context) {
        if (args.has("path")) {
            throw new ToolException("Pass either path or paths, not both.");
        }
        List<String> paths = args.optionalStringList("paths");
        if (paths == null) {
            throw new ToolException("Argument 'max_output_chars' applies to paths: pass paths, or leave it out.");
        }
        if (paths.isEmpty() || paths.size() > MAX_PATHS) {
            throw new ToolException("Argument 'paths' must hold 1 to " + MAX_PATHS + " paths, not " + paths.size() + ".");
        }
        if (args.optionalEnum("encoding", "text", "text", "base64").equals("base64")) {
            throw new ToolException("paths reads text; read a binary file on its own with path and encoding \"base64\".");
        }
        int budget = args.optionalInt("max_output_chars", LineScanner.MAX_TEXT_CHARS, MIN_OUTPUT_CHARS, LineScanner.MAX_TEXT_CHARS);

        List<Part> parts = new ArrayList<>();
        for (String path : paths) {
            ObjectNode one = JsonNodeFactory.instance.objectNode();
            one.set("exe_id", args.raw("exe_id"));
            one.put("path", path);
            for (String name : List.of("offset", "limit")) {
                if (args.has(name)) {
                    one.set(name, args.raw(name));
                }
            }
            parts.add(new Part(path, readFile.call(one, context)));
        }
        allot(parts, budget);

        ArrayNode files = JsonNodeFactory.instance.arrayNode();
        StringBuilder text = new StringBuilder();
        boolean more = false;
        int failed = 0;
        for (Part p : parts) {
            text.append(text.length() == 0 ? "" : "\n\n").append("==> ").append(p.path).append(" <==\n");
            if (p.result.isError()) {
                failed++;
                files.addObject().put("path", p.path).put("error", p.result.text());
                text.append("Error: ").append(p.result.text());
                continue;
            }
            ObjectNode s = p.result.structured().deepCopy();
            String body = p.result.text();
            if (p.text().length() > p.share) {
                body = cut(p, s);
            }
            more |= s.path("has_more").asBoolean();
            files.add(s);
            text.append(body);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("encoding", "text").put("has_more", more);
        out.set("files", files);
        String head = "Read " + (parts.size() - failed) + " of " + parts.size() + " files" + (failed > 0 ? " (" + failed
                + " failed)" : "") + ".\n";
        return ToolResult.ok(head + text, out);
    }

    private static final class Part {
        final String path;
        final ToolResult result;
        int share;

        Part(String path, ToolResult result) {
            this.path = path;
            this.result = result;
        }

        String text() {
            return result.text();
        }
    }

    /** Small parts whole; the others split what remains equally. Headers and errors are counted, never cut. */
    private static void allot(List<Part> parts, int budget) {
        int left = budget;
        List<Part> cuttable = new ArrayList<>();
        for (Part p : parts) {
            left -= p.path.length() + 12;
            if (p.result.isError()) {
                left -= p.text().length() + 7;
                p.share = Integer.MAX_VALUE;
            } else {
                cuttable.add(p);
            }
        }
        cuttable.sort(Comparator.comparingInt(p -> p.text().length()));
        for (int i = 0; i < cuttable.size(); i++) {
            Part p = cuttable.get(i);
            int fair = Math.max(0, left) / (cuttable.size() - i);
            p.share = Math.min(p.text().length(), fair);
            left -= p.share;
        }
    }

    /**
     * Cuts a text part to its share at a line boundary and says where to continue; updates its
     * structured content to match (content, last_line, has_more, next_offset).
     */
    private static String cut(Part p, ObjectNode s) {
        String content = s.path("content").asText();
        int room = Math.max(0, p.share - 200);
        int end = content.lastIndexOf('\n', Math.min(room, content.length()));
        String kept = end <= 0 ? "" : content.substring(0, end);
        String lastLine = kept.isEmpty() ? null : kept.substring(kept.lastIndexOf('\n') + 1);
        Matcher m = lastLine == null ? null : NUMBERED.matcher(lastLine);
        long next = m != null && m.find() ? Long.parseLong(m.group(1)) + 1 : s.path("first_line").asLong(1);
        int shown = kept.isEmpty() ? 0 : (int) kept.chars().filter(c -> c == '\n').count() + 1;
        s.put("content", kept).put("has_more", true).put("next_offset", next).put("lines_shown", shown);
        if (shown > 0) {
            s.put("last_line", next - 1);
        } else {
            s.remove("last_line");
            s.remove("first_line");
        }
        s.remove("total_lines");
        String summary = p.path + " (" + s.path("size").asLong() + " bytes): " + (shown > 0 ? "lines "
                + s.path("first_line").asLong() + "-" + (next - 1) : "no lines") + " of more";
        return summary + "\n" + kept + (kept.isEmpty() ? "" : "\n") + "[Cut to fit max_output_chars: read_file this path with offset "
                + next + " to continue.]";
    }

}
