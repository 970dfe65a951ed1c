package dev.exemux.tools.files;

import dev.exemux.tools.spi.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The exact-replacement rule of edit_file, on decoded text: every byte outside the replaced spans is
 * kept, and in a CRLF file the replacement is written with CRLF whatever line endings the model used.
 */
final class TextEdit {

    private static final int MAX_LISTED_LINES = 20;
    private static final Pattern LINE_NUMBER_PREFIX = Pattern.compile("(?m)^ *-?\\d+\t");

    /**
     * @param text the whole new text
     * @param firstIndex char index in {@code text} where the first replacement starts
     * @param firstLength its length in chars
     */
    record Result(String text, int replacements, int firstIndex, int firstLength) {}

    /** One replacement asked for. */
    record Edit(String oldString, String newString, boolean replaceAll) {}

    private TextEdit() {}

    /**
     * Applies {@code edits} in order, each to the result of the previous one; the first that fails
     * fails them all (the message names it). The result's first index and length span everything that
     * changed.
     */
    static Result applyAll(String content, List<Edit> edits, String path) {
        if (edits.size() == 1) {
            Edit e = edits.get(0);
            return apply(content, e.oldString(), e.newString(), e.replaceAll(), path);
        }
        String text = content;
        int replacements = 0;
        for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            try {
                Result r = apply(text, e.oldString(), e.newString(), e.replaceAll(), path);
                text = r.text();
                replacements += r.replacements();
            } catch (ToolException problem) {
                throw new ToolException("edits[" + i + "] (of " + edits.size() + ") failed, so none was applied and nothing was "
                        + "written" + (i > 0 ? " (it is matched against the text as the edits before it left it)" : "") + ": "
                        + problem.getMessage());
            }
        }
        int prefix = 0;
        while (prefix < content.length() && prefix < text.length() && content.charAt(prefix) == text.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < content.length() - prefix && suffix < text.length() - prefix
                && content.charAt(content.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) {
            suffix++;
        }
        return new Result(text, replacements, prefix, Math.max(0, text.length() - suffix - prefix));
    }

    static Result apply(String content, String oldString, String newString, boolean replaceAll, String path) {
        if (oldString.isEmpty()) {
            throw new ToolException("Argument 'old_string' must not be empty: give the exact text to replace. "
                    + "To create or overwrite a whole file use write_file.");
        }
        if (oldString.equals(newString)) {
            throw new ToolException("old_string and new_string are identical, so there is nothing to change.");
        }
        String from = oldString;
        String to = newString;
        if (allCrlf(content)) {
            from = toCrlf(oldString);
            to = toCrlf(newString);
        } else if (occurrences(content, from).isEmpty()) {
            // A mixed or LF file: try the model's line endings the other way round before giving up.
            String alternative = oldString.contains("\r\n") ? oldString.replace("\r\n", "\n") : toCrlf(oldString);
            if (!alternative.equals(oldString) && !occurrences(content, alternative).isEmpty()) {
                to = oldString.contains("\r\n") ? newString.replace("\r\n", "\n") : toCrlf(newString);
                from = alternative;
            }
        }
        List<Integer> at = occurrences(content, from);
        if (at.isEmpty()) {
            throw new ToolException(notFound(content, oldString, path));
        }
        if (at.size() > 1 && !replaceAll) {
            throw new ToolException("old_string occurs " + at.size() + " times in " + path + " (at lines " + lines(content, at)
                    + "). Add surrounding lines to old_string so it matches exactly one place, or pass replace_all: true "
                    + "to replace every occurrence.");
        }
        StringBuilder out = new StringBuilder(content.length() + (to.length() - from.length()) * at.size());
        int previous = 0;
        for (int index : at) {
            out.append(content, previous, index).append(to);
            previous = index + from.length();
        }
        out.append(content, previous, content.length());
        return new Result(out.toString(), at.size(), at.get(0), to.length());
    }

    /** Non-overlapping occurrences, left to right. */
    static List<Integer> occurrences(String content, String needle) {
        List<Integer> at = new ArrayList<>();
        int i = content.indexOf(needle);
        while (i >= 0) {
            at.add(i);
            i = content.indexOf(needle, i + needle.length());
        }
        return at;
    }

    /** 1-based line of char {@code index}. */
    static int lineOf(String content, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (content.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String lines(String content, List<Integer> at) {
        StringBuilder s = new StringBuilder();
        int line = 1;
        int scanned = 0;
        for (int k = 0; k < Math.min(at.size(), MAX_LISTED_LINES); k++) {
            for (; scanned < at.get(k); scanned++) {
                if (content.charAt(scanned) == '\n') {
                    line++;
                }
            }
            s.append(k == 0 ? "" : ", ").append(line);
        }
        if (at.size() > MAX_LISTED_LINES) {
            s.append(", …");
        }
        return s.toString();
    }

    /** True when the text has line breaks and every one is CRLF. */
    static boolean allCrlf(String content) {
        int lf = 0;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                if (i == 0 || content.charAt(i - 1) != '\r') {
                    return false;
                }
                lf++;
            }
        }
        return lf > 0;
    }

    private static String toCrlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static String notFound(String content, String oldString, String path) {
        String base = "old_string was not found in " + path + ". ";
        if (LINE_NUMBER_PREFIX.matcher(oldString).find() && !content.contains(oldString.strip())) {
            return base + "It seems to include the line-number prefixes shown by read_file (like \"    12\\t\"); "
                    + "those are not part of the file: remove them.";
        }
        String loose = loosen(content);
        String looseOld = loosen(oldString).strip();
        int at = looseOld.isEmpty() ? -1 : loose.indexOf(looseOld);
        if (at >= 0) {
            return base + "It matches only if whitespace and line endings are ignored (near line " + lineOf(loose, at)
                    + "): the file differs in indentation, tabs versus spaces, or trailing spaces. read_file that region "
                    + "and copy the text exactly.";
        }
        return base + "It must match the current file exactly, including whitespace and indentation. The file may have "
                + "changed since you read it: read_file it again.";
    }

    /** Line endings unified, trailing blanks dropped, runs of blanks collapsed; keeps the line count. */
    private static String loosen(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n')
                .replaceAll("[ \\t]+\n", "\n")
                .replaceAll("[ \\t]+", " ");
    }
}
