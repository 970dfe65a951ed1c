package dev.exemux.tools.patch;

import dev.exemux.tools.patch.HunkLocator.Match;
import dev.exemux.tools.patch.Patch.HunkLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies located hunks to a text. Context lines keep the file's own text (a hunk matched while
 * ignoring whitespace or punctuation does not rewrite them), untouched lines keep their bytes, added
 * lines get the file's dominant line ending, and a file that ended without a final line break still
 * does. Pure.
 */
public final class HunkApplier {

    private HunkApplier() {}

    public static String apply(TextLines file, List<Match> matches) {
        String eol = file.dominantEnding();
        List<String> lines = new ArrayList<>();
        List<String> endings = new ArrayList<>();
        List<Match> ordered = new ArrayList<>(matches);
        ordered.sort(Comparator.comparingInt(Match::start)); // stable: insertions at one place keep their order
        int pos = 0;
        for (Match m : ordered) {
            for (; pos < m.start(); pos++) {
                lines.add(file.lines().get(pos));
                endings.add(file.endings().get(pos));
            }
            int at = m.start();
            for (HunkLine l : m.hunk().lines()) {
                switch (l.kind()) {
                    case CONTEXT -> {
                        lines.add(file.lines().get(at));
                        endings.add(file.endings().get(at));
                        at++;
                    }
                    case REMOVED -> at++;
                    case ADDED -> {
                        lines.add(l.text());
                        endings.add(eol);
                    }
                }
            }
            pos = Math.max(pos, m.start() + m.length());
        }
        for (; pos < file.size(); pos++) {
            lines.add(file.lines().get(pos));
            endings.add(file.endings().get(pos));
        }
        for (int i = 0; i < endings.size(); i++) {
            if (endings.get(i).isEmpty()) {
                endings.set(i, eol); // the old last line, no longer last
            }
        }
        if (file.lacksFinalEnding() && !endings.isEmpty()) {
            endings.set(endings.size() - 1, "");
        }
        return new TextLines(lines, endings).text();
    }

    /** The content of an added file: its lines, each ended by {@code "\n"}. */
    public static String newFile(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return b.toString();
    }
}
