package dev.exemux.tools.patch;

import dev.exemux.tools.patch.Patch.Add;
import dev.exemux.tools.patch.Patch.Delete;
import dev.exemux.tools.patch.Patch.FileOp;
import dev.exemux.tools.patch.Patch.Hunk;
import dev.exemux.tools.patch.Patch.HunkLine;
import dev.exemux.tools.patch.Patch.Kind;
import dev.exemux.tools.patch.Patch.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Codex's apply_patch format ({@code *** Begin Patch} … {@code *** End Patch}, see Patch) into
 * file operations, or refuses it naming the line. Accepts what models wrap it in: a shell heredoc
 * ({@code apply_patch <<'EOF'} … {@code EOF}) and a Markdown code fence. Pure: no file system.
 */
public final class PatchParser {

    static final String BEGIN = "*** Begin Patch";
    static final String END = "*** End Patch";
    static final String ADD = "*** Add File:";
    static final String DELETE = "*** Delete File:";
    static final String UPDATE = "*** Update File:";
    static final String MOVE = "*** Move to:";
    static final String END_OF_FILE = "*** End of File";

    private static final Pattern HEREDOC = Pattern.compile("^(?:\\S*apply_patch\\s*)?<<-?\\s*(['\"]?)(\\w+)\\1\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(```+|~~~+)[\\w-]*\\s*$");
    /** A git-style header some models write: the text after the second {@code @@} is the anchor. */
    private static final Pattern GIT_HUNK_HEADER = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+\\d+(?:,\\d+)? @@(.*)$");
    private static final int QUOTE_CHARS = 80;

    private final List<String> lines;
    private int i;
    private int end;

    private PatchParser(String text) {
        List<String> split = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            split.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        this.lines = split;
    }

    /** @throws PatchException naming the line when the text is not a well-formed patch */
    public static Patch parse(String text) {
        return new PatchParser(text).parse();
    }

    private Patch parse() {
        i = 0;
        end = lines.size();
        trimBlank();
        unwrap();
        if (i >= end) {
            throw new PatchException("The patch is empty: it must start with '" + BEGIN + "' and end with '" + END + "'.");
        }
        if (!lines.get(i).strip().equals(BEGIN)) {
            throw PatchException.at(i + 1, "the patch must start with '" + BEGIN + "', not '" + quote(lines.get(i)) + "'.");
        }
        if (end - i < 2 || !lines.get(end - 1).strip().equals(END)) {
            throw PatchException.at(end, "the patch must end with '" + END + "', not '" + quote(lines.get(end - 1)) + "'.");
        }
        i++;
        end--;
        List<FileOp> ops = new ArrayList<>();
        while (i < end) {
            String l = lines.get(i);
            String header = l.strip();
            if (header.isEmpty()) {
                i++;
            } else if (header.startsWith(ADD)) {
                ops.add(add(path(header, ADD)));
            } else if (header.startsWith(DELETE)) {
                ops.add(new Delete(path(header, DELETE), ++i));
            } else if (header.startsWith(UPDATE)) {
                ops.add(update(path(header, UPDATE)));
            } else {
                throw PatchException.at(i + 1, "expected '" + ADD + " <path>', '" + DELETE + " <path>' or '" + UPDATE
                        + " <path>', not '" + quote(l) + "'.");
            }
        }
        if (ops.isEmpty()) {
            throw PatchException.at(i + 1, "the patch has no file operations between '" + BEGIN + "' and '" + END + "'.");
        }
        return new Patch(List.copyOf(ops));
    }

    private Add add(String path) {
        int header = ++i;
        List<String> content = new ArrayList<>();
        int blanks = 0;
        while (i < end && !lines.get(i).strip().startsWith("***")) {
            String l = lines.get(i);
            if (l.isEmpty()) {
                blanks++; // a blank line between '+' lines (its '+' dropped) is a blank line of the file
            } else if (l.startsWith("+")) {
                for (; blanks > 0; blanks--) {
                    content.add("");
                }
                content.add(l.substring(1));
            } else {
                throw PatchException.at(i + 1, "every line of an added file must start with '+', not '" + quote(l) + "'.");
            }
            i++;
        }
        return new Add(path, List.copyOf(content), header);
    }

    private Update update(String path) {
        int header = ++i;
        String moveTo = null;
        int moveLine = 0;
        if (i < end && lines.get(i).strip().startsWith(MOVE)) {
            moveTo = path(lines.get(i).strip(), MOVE);
            moveLine = ++i;
        }
        List<Hunk> hunks = new ArrayList<>();
        while (true) {
            while (i < end && lines.get(i).isEmpty()) {
                i++;
            }
            if (i >= end || isOperationHeader(lines.get(i))) {
                break;
            }
            hunks.add(hunk(hunks.isEmpty()));
        }
        if (hunks.isEmpty() && moveTo == null) {
            throw PatchException.at(header, "'" + UPDATE + " " + path + "' has no hunks: give '@@' hunks of ' ' context, "
                    + "'-' removed and '+' added lines.");
        }
        return new Update(path, moveTo, moveLine, List.copyOf(hunks), header);
    }

    private Hunk hunk(boolean first) {
        int start = i + 1;
        List<String> anchors = new ArrayList<>();
        while (i < end && lines.get(i).startsWith("@@")) {
            String anchor = anchor(lines.get(i));
            if (!anchor.isEmpty()) {
                anchors.add(anchor);
            }
            i++;
        }
        if (anchors.isEmpty() && start == i + 1 && !first) {
            throw PatchException.at(i + 1, "a hunk must start with '@@' (optionally followed by a line to find first), not '"
                    + quote(lines.get(i)) + "'.");
        }
        List<HunkLine> body = new ArrayList<>();
        boolean endOfFile = false;
        while (i < end) {
            String l = lines.get(i);
            if (l.startsWith("@@")) {
                break;
            }
            if (l.strip().equals(END_OF_FILE)) {
                endOfFile = true;
                i++;
                break;
            }
            if (isOperationHeader(l)) {
                break;
            }
            if (l.isEmpty()) {
                body.add(new HunkLine(Kind.CONTEXT, "")); // an empty context line whose ' ' was dropped
            } else {
                Kind kind = switch (l.charAt(0)) {
                    case ' ' -> Kind.CONTEXT;
                    case '-' -> Kind.REMOVED;
                    case '+' -> Kind.ADDED;
                    default -> throw PatchException.at(i + 1, "a hunk line must start with ' ' (context), '-' (removed) or "
                            + "'+' (added), not '" + quote(l) + "'. Context lines keep their leading space.");
                };
                body.add(new HunkLine(kind, l.substring(1)));
            }
            i++;
        }
        int blankTail = 0;
        while (blankTail < body.size() && body.get(body.size() - 1 - blankTail).equals(new HunkLine(Kind.CONTEXT, ""))) {
            blankTail++;
        }
        if (body.size() == blankTail) {
            throw PatchException.at(start, "this hunk has no lines: give ' ' context, '-' removed and '+' added lines after '@@'.");
        }
        return new Hunk(List.copyOf(anchors), List.copyOf(body), endOfFile, start);
    }

    /**
     * A line that ends a hunk: one starting with {@code ***} (a context line starts with a space, so
     * " *** x" is context), or a known header indented by mistake.
     */
    private static boolean isOperationHeader(String line) {
        if (line.startsWith("***")) {
            return !line.strip().equals(END_OF_FILE);
        }
        String s = line.strip();
        return s.startsWith(ADD) || s.startsWith(DELETE) || s.startsWith(UPDATE) || s.equals(END);
    }

    /** The text to find from an {@code @@} line; empty for a bare {@code @@}. */
    private static String anchor(String line) {
        Matcher git = GIT_HUNK_HEADER.matcher(line);
        String rest = git.matches() ? git.group(1) : line.substring(2);
        return rest.strip();
    }

    private String path(String header, String marker) {
        String path = header.substring(marker.length()).strip();
        if (path.isEmpty()) {
            throw PatchException.at(i + 1, "'" + marker + "' needs a path.");
        }
        if (path.indexOf('\0') >= 0) {
            throw PatchException.at(i + 1, "a path cannot contain NUL characters.");
        }
        return path;
    }

    /** Drops a heredoc or code fence around the patch (even both), keeping line numbers. */
    private void unwrap() {
        boolean changed = true;
        while (changed && end - i >= 2) {
            changed = false;
            String first = lines.get(i).strip();
            String last = lines.get(end - 1).strip();
            Matcher heredoc = HEREDOC.matcher(first);
            if (heredoc.matches() && last.equals(heredoc.group(2))) {
                i++;
                end--;
                changed = true;
            } else if (FENCE.matcher(first).matches() && last.startsWith(first.substring(0, 3)) && last.strip().matches("(```+|~~~+)")) {
                i++;
                end--;
                changed = true;
            }
            trimBlank();
        }
    }

    private void trimBlank() {
        while (i < end && lines.get(i).isBlank()) {
            i++;
        }
        while (end > i && lines.get(end - 1).isBlank()) {
            end--;
        }
    }

    private static String quote(String line) {
        return line.length() > QUOTE_CHARS ? line.substring(0, QUOTE_CHARS) + "…" : line;
    }
}
