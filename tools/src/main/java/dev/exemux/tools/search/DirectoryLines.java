package dev.exemux.tools.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the directory lines of a page's text: consecutive files are written relative to a directory
 * named once above them, and the directories are chosen so that the text is shortest (a directory of
 * one file is not worth a line; twenty files in sibling directories are best written under their
 * parent). Paths come in walk order, so the files under any directory are consecutive.
 */
final class DirectoryLines {

    /** "." (the search root) or a directory path without a trailing '/'. */
    static final String ROOT = ".";

    private DirectoryLines() {}

    /** For each path (distinct, in walk order), the directory it is written under: {@link #ROOT} or one of its ancestors. */
    static List<String> choose(List<String> paths) {
        int n = paths.size();
        // best[j + 1]: the fewest characters that write paths 0..j; the last group's directory and first path.
        long[] best = new long[n + 1];
        String[] lastDir = new String[n];
        int[] lastStart = new int[n];
        // For each directory holding the files just seen: the cheapest text ending with a group under it.
        Map<String, Run> runs = new HashMap<>();
        for (int j = 0; j < n; j++) {
            best[j + 1] = Long.MAX_VALUE;
            for (String dir : ancestors(paths.get(j))) { // outermost first: on a tie the nearer directory wins
                long cost = paths.get(j).length() + 1 - (dir.equals(ROOT) ? 0 : dir.length() + 1);
                Run run = runs.get(dir);
                if (run == null || run.last != j - 1) {
                    run = new Run(j, best[j] + cost, j);
                    runs.put(dir, run);
                } else {
                    if (best[j] < run.cost) { // starting a new group under dir here is cheaper than continuing one
                        run.cost = best[j];
                        run.start = j;
                    }
                    run.cost += cost;
                    run.last = j;
                }
                long total = run.cost + dir.length() + 2; // "dir/\n"
                if (total <= best[j + 1]) {
                    best[j + 1] = total;
                    lastDir[j] = dir;
                    lastStart[j] = run.start;
                }
            }
        }
        String[] out = new String[n];
        for (int j = n - 1; j >= 0; ) {
            int start = lastStart[j];
            Arrays.fill(out, start, j + 1, lastDir[j]);
            j = start - 1;
        }
        return Arrays.asList(out);
    }

    /** {@code path} written under {@code dir}. */
    static String relative(String path, String dir) {
        return dir.equals(ROOT) ? path : path.substring(dir.length() + 1);
    }

    private static List<String> ancestors(String path) {
        List<String> dirs = new ArrayList<>();
        dirs.add(ROOT);
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            dirs.add(path.substring(0, i));
        }
        return dirs;
    }

    private static final class Run {
        int last;
        long cost;
        int start;

        Run(int last, long cost, int start) {
            this.last = last;
            this.cost = cost;
            this.start = start;
        }
    }
}
