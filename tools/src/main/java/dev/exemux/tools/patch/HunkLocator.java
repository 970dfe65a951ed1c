package dev.exemux.tools.patch;

import dev.exemux.tools.patch.Patch.Hunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where each hunk of one file applies, without changing anything. Hunks are searched in order,
 * each after the previous one's position (and after its {@code @@} anchors); {@code *** End of File}
 * pins a hunk to the file's end. Lines compare at the first {@link Tolerance} level that finds them.
 * An unanchored hunk whose lines occur in more places than there are hunks left with the same lines is
 * ambiguous: refused, never guessed. A hunk that is not found is reported with the closest lines the
 * file has. Pure: works on the file's lines (without line endings).
 */
public final class HunkLocator {

    private static final int EXCERPT_LINES = 8;
    private static final int EXCERPT_CHARS = 160;
    private static final int LISTED_PLACES = 5;

    /**
     * Where a hunk applies: {@code hunk}'s lines (as matched: trailing blank context lines may have been
     * dropped) replace the file's lines {@code [start, start + length)}.
     */
    public record Match(Hunk hunk, int start, int length, Tolerance tolerance) {}

    /** A hunk that cannot be placed; {@code number} is 1-based within its file. */
    public record Failure(int number, Hunk hunk, String message) {}

    /** Every hunk's match, in hunk order, or the failures. */
    public record Result(List<Match> matches, List<Failure> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final List<String> lines;
    private final String[][] normalized = new String[Tolerance.values().length][];

    private HunkLocator(List<String> lines) {
        this.lines = lines;
    }

    /** Locates every hunk in {@code fileLines} (the file's lines without their endings). */
    public static Result locate(List<String> fileLines, List<Hunk> hunks) {
        return new HunkLocator(fileLines).locateAll(hunks);
    }

    private Result locateAll(List<Hunk> hunks) {
        List<Match> matches = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        int cursor = 0;
        for (int h = 0; h < hunks.size(); h++) {
            Hunk hunk = hunks.get(h);
            int number = h + 1;
            String where = "hunk " + number + " (patch line " + hunk.line() + ")";
            boolean anchorsFound = true;
            for (String anchor : hunk.anchors()) {
                Found f = seek(List.of(anchor), cursor, false);
                if (f == null) {
                    failures.add(new Failure(number, hunk, where + ": its '@@ " + clamp(anchor) + "' line was not found"
                            + after(cursor) + ". " + closest(List.of(anchor), cursor)));
                    anchorsFound = false;
                    break;
                }
                cursor = f.places.get(0) + 1;
            }
            if (!anchorsFound) {
                continue;
            }
            boolean anchored = !hunk.anchors().isEmpty();
            List<String> old = hunk.oldLines();
            if (old.isEmpty()) {
                // Pure addition: after its anchor, else at the end of the file.
                int at = anchored ? cursor : lines.size();
                matches.add(new Match(hunk, at, 0, Tolerance.EXACT));
                continue;
            }
            Hunk used = hunk;
            Found f = seek(old, cursor, hunk.endOfFile());
            int blankTail = hunk.trailingBlankContext();
            if (f == null && blankTail > 0 && blankTail < hunk.lines().size()) {
                used = hunk.dropLast(blankTail);
                f = used.oldLines().isEmpty() ? null : seek(used.oldLines(), cursor, hunk.endOfFile());
            }
            if (f == null) {
                failures.add(new Failure(number, hunk, where + ": its " + old.size() + " context and removed line"
                        + (old.size() == 1 ? " was" : "s were") + " not found" + after(cursor)
                        + (hunk.endOfFile() ? " at the end of the file (*** End of File)" : "") + ". " + closest(old, cursor)));
                continue;
            }
            // An anchor means "the next such lines after it"; without one, the order of the hunks must decide.
            int allowed = anchored ? Integer.MAX_VALUE : sameLinesFrom(hunks, h);
            if (f.places.size() > allowed) {
                failures.add(new Failure(number, hunk, where + " is ambiguous: its lines occur " + f.places.size()
                        + " times" + after(cursor) + " (" + f.level.description + ", at lines " + places(f.places)
                        + "). Add more context lines, or an '@@ <line>' naming the enclosing function or class, "
                        + "so it matches one place."));
                continue;
            }
            int length = used.oldLines().size();
            matches.add(new Match(used, f.places.get(0), length, f.level));
            cursor = f.places.get(0) + length;
        }
        return new Result(List.copyOf(matches), List.copyOf(failures));
    }

    /** Hunks from {@code h} on, unanchored and with the same old lines: each takes the next occurrence. */
    private static int sameLinesFrom(List<Hunk> hunks, int h) {
        List<String> old = hunks.get(h).oldLines();
        int n = 0;
        for (int j = h; j < hunks.size(); j++) {
            if (hunks.get(j).anchors().isEmpty() && hunks.get(j).oldLines().equals(old)) {
                n++;
            }
        }
        return n;
    }

    /** The places (0-based starts) where {@code pattern} occurs, at the first tolerance level that finds any. */
    private record Found(Tolerance level, List<Integer> places) {}

    private Found seek(List<String> pattern, int from, boolean endOfFile) {
        for (Tolerance level : Tolerance.values()) {
            List<Integer> places = find(pattern, from, endOfFile, level);
            if (!places.isEmpty()) {
                return new Found(level, places);
            }
        }
        return null;
    }

    private List<Integer> find(List<String> pattern, int from, boolean endOfFile, Tolerance level) {
        String[] file = normalized(level);
        String[] want = new String[pattern.size()];
        for (int p = 0; p < want.length; p++) {
            want[p] = level.normalize(pattern.get(p));
        }
        List<Integer> places = new ArrayList<>();
        int last = file.length - want.length;
        int first = endOfFile ? Math.max(from, last) : from;
        for (int i = first; i <= last; i++) {
            if (matchesAt(file, want, i)) {
                places.add(i);
            }
        }
        return places;
    }

    private static boolean matchesAt(String[] file, String[] want, int at) {
        for (int p = 0; p < want.length; p++) {
            if (!file[at + p].equals(want[p])) {
                return false;
            }
        }
        return true;
    }

    private String[] normalized(Tolerance level) {
        String[] n = normalized[level.ordinal()];
        if (n == null) {
            n = new String[lines.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = level.normalize(lines.get(i));
            }
            normalized[level.ordinal()] = n;
        }
        return n;
    }

    /**
     * The file's lines that agree best with {@code pattern} (compared at the loosest level), shown
     * numbered, with the first line that differs; or why even a perfect match was not taken.
     */
    private String closest(List<String> pattern, int cursor) {
        String[] file = normalized(Tolerance.UNICODE_PUNCTUATION);
        String[] want = pattern.stream().map(Tolerance.UNICODE_PUNCTUATION::normalize).toArray(String[]::new);
        int best = -1;
        int bestScore = 0;
        for (int i = 0; i < file.length; i++) {
            int score = 0;
            for (int p = 0; p < want.length && i + p < file.length; p++) {
                if (file[i + p].equals(want[p])) {
                    score++;
                }
            }
            boolean better = score > bestScore || score == bestScore && score > 0 && best < cursor && i >= cursor;
            if (better) {
                best = i;
                bestScore = score;
            }
        }
        if (best < 0) {
            return "None of its lines occur in the file (" + file.length + " lines). Check the path, and read_file the "
                    + "region you mean to change: the file may differ from what you remember.";
        }
        int to = Math.min(file.length, best + want.length);
        if (bestScore == want.length && to - best == want.length) {
            return "They occur at line " + (best + 1) + (best < cursor ? ", before the previous hunk or anchor (line " + cursor
                    + "): hunks of a file must be in file order." : ", not at the end of the file.");
        }
        StringBuilder s = new StringBuilder("Closest: lines ").append(best + 1).append('-').append(to).append(", where ")
                .append(bestScore).append(" of ").append(want.length).append(" agree");
        for (int p = 0; p < want.length; p++) {
            if (best + p >= file.length) {
                s.append("; the file ends before the hunk's line ").append(p + 1);
                break;
            }
            if (!file[best + p].equals(want[p])) {
                s.append("; line ").append(best + p + 1).append(" is \"").append(clamp(lines.get(best + p)))
                        .append("\" where the hunk has \"").append(clamp(pattern.get(p))).append('"');
                break;
            }
        }
        s.append(":");
        for (int i = best; i < Math.min(to, best + EXCERPT_LINES); i++) {
            s.append('\n').append(String.format("%6d\t%s", i + 1, clamp(lines.get(i))));
        }
        return s.toString();
    }

    private static String after(int cursor) {
        return cursor == 0 ? "" : " after line " + cursor;
    }

    private static String places(List<Integer> places) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(places.size(), LISTED_PLACES); k++) {
            s.append(k == 0 ? "" : ", ").append(places.get(k) + 1);
        }
        return places.size() > LISTED_PLACES ? s.append(", …").toString() : s.toString();
    }

    private static String clamp(String line) {
        return line.length() > EXCERPT_CHARS ? line.substring(0, EXCERPT_CHARS) + "…" : line;
    }
}
