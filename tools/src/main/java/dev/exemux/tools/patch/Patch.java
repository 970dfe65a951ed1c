package dev.exemux.tools.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed patch in Codex's apply_patch format: its file operations in the order written. Paths are
 * as written (relative or absolute); every element carries the 1-based line of the patch text it came
 * from, so errors can name it.
 */
public record Patch(List<FileOp> ops) {

    /** One file operation. */
    public sealed interface FileOp permits Add, Delete, Update {
        String path();

        /** The line of its {@code ***} header. */
        int line();
    }

    /** {@code *** Add File:} a new file with these lines (each written with a final line break). */
    public record Add(String path, List<String> lines, int line) implements FileOp {}

    /** {@code *** Delete File:}. */
    public record Delete(String path, int line) implements FileOp {}

    /**
     * {@code *** Update File:}, optionally renamed by {@code *** Move to:} (null when not; then
     * {@code moveLine} is 0). A rename may have no hunks.
     */
    public record Update(String path, String moveTo, int moveLine, List<Hunk> hunks, int line) implements FileOp {}

    /** The kind of a hunk line, by its prefix. */
    public enum Kind { CONTEXT, REMOVED, ADDED }

    /** A hunk line without its prefix. */
    public record HunkLine(Kind kind, String text) {}

    /**
     * One {@code @@} hunk.
     *
     * @param anchors the texts of its {@code @@ <text>} lines, each to be found (in order) before the hunk's lines
     * @param endOfFile followed by {@code *** End of File}: its lines end the file
     * @param line the line of its first {@code @@} (or of its first line when the first hunk has none)
     */
    public record Hunk(List<String> anchors, List<HunkLine> lines, boolean endOfFile, int line) {

        /** The lines the file must have where the hunk applies: context and removed lines. */
        public List<String> oldLines() {
            return texts(Kind.ADDED);
        }

        /** The lines the file has there afterwards: context and added lines. */
        public List<String> newLines() {
            return texts(Kind.REMOVED);
        }

        /** How many lines at its end are empty context lines (often blank separators a model left in). */
        public int trailingBlankContext() {
            int n = 0;
            for (int i = lines.size() - 1; i >= 0 && lines.get(i).kind() == Kind.CONTEXT && lines.get(i).text().isEmpty(); i--) {
                n++;
            }
            return n;
        }

        /** This hunk without its last {@code n} lines. */
        public Hunk dropLast(int n) {
            return new Hunk(anchors, lines.subList(0, lines.size() - n), endOfFile, line);
        }

        private List<String> texts(Kind without) {
            List<String> out = new ArrayList<>();
            for (HunkLine l : lines) {
                if (l.kind() != without) {
                    out.add(l.text());
                }
            }
            return out;
        }
    }
}
