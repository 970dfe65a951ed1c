package dev.exemux.tools.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts (lines compared without their endings; Myers' algorithm on what lies
 * between the common head and tail), with its added and removed line counts, and a way to bound a
 * long diff keeping its head and tail. Shared by apply_patch and edit_file.
 *
 * @param text the diff ({@code --- a/…}, {@code +++ b/…}, {@code @@} hunks with 3 lines of context); empty when equal
 */
public record UnifiedDiff(String text, int added, int removed) {

    private static final int CONTEXT = 3;
    /**
     * Past this many differences the middle is shown as all removed, then all added: still true, just
     * coarser. Bounds the search's memory (about D squared ints kept for the way back) and time.
     */
    private static final int MAX_EDIT_DISTANCE = 1000;

    private enum Op { KEEP, DEL, ADD }

    private record Edit(Op op, int oldIndex, int newIndex) {}

    /**
     * @param oldLabel shown after {@code ---} ({@code /dev/null} for a new file)
     * @param newLabel shown after {@code +++} ({@code /dev/null} for a deleted file)
     */
    public static UnifiedDiff of(String oldLabel, String newLabel, String oldText, String newText) {
        List<String> a = TextLines.of(oldText).lines();
        List<String> b = TextLines.of(newText).lines();
        List<Edit> script = script(a, b);
        int added = 0;
        int removed = 0;
        for (Edit e : script) {
            added += e.op == Op.ADD ? 1 : 0;
            removed += e.op == Op.DEL ? 1 : 0;
        }
        if (added + removed == 0) {
            return new UnifiedDiff("", 0, 0);
        }
        StringBuilder out = new StringBuilder("--- ").append(oldLabel).append("\n+++ ").append(newLabel).append('\n');
        render(script, a, b, out);
        return new UnifiedDiff(out.toString(), added, removed);
    }

    /**
     * {@code text} within {@code maxChars}: whole lines from its head and its tail, with a line saying
     * how many lines were left out between them.
     */
    public static String bounded(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        int budget = maxChars / 2;
        int head = 0;
        int used = 0;
        while (head < lines.length && used + lines[head].length() + 1 <= budget) {
            used += lines[head++].length() + 1;
        }
        int tail = lines.length;
        used = 0;
        while (tail > head && used + lines[tail - 1].length() + 1 <= budget) {
            used += lines[--tail].length() + 1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < head; i++) {
            s.append(lines[i]).append('\n');
        }
        s.append("[… ").append(tail - head).append(" diff lines omitted …]");
        for (int i = tail; i < lines.length; i++) {
            s.append('\n').append(lines[i]);
        }
        return s.toString();
    }

    private static List<Edit> script(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<Edit> script = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            script.add(new Edit(Op.KEEP, i, i));
        }
        List<Edit> middle = myers(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix);
        if (middle == null) {
            middle = new ArrayList<>();
            for (int i = prefix; i < a.size() - suffix; i++) {
                middle.add(new Edit(Op.DEL, i, prefix));
            }
            for (int j = prefix; j < b.size() - suffix; j++) {
                middle.add(new Edit(Op.ADD, a.size() - suffix, j));
            }
        }
        script.addAll(middle);
        for (int k = suffix; k > 0; k--) {
            script.add(new Edit(Op.KEEP, a.size() - k, b.size() - k));
        }
        return script;
    }

    /** The shortest edit script of a[a0,a1) into b[b0,b1), or null when it is longer than MAX_EDIT_DISTANCE. */
    private static List<Edit> myers(List<String> a, List<String> b, int a0, int a1, int b0, int b1) {
        int n = a1 - a0;
        int m = b1 - b0;
        int max = Math.min(n + m, MAX_EDIT_DISTANCE);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            // Round d reads only diagonals -d..d of the previous round: keep just those for the way back.
            trace.add(java.util.Arrays.copyOfRange(v, offset - d, offset + d + 1));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || k != d && v[offset + k - 1] < v[offset + k + 1] ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(a0 + x).equals(b.get(b0 + y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(trace, d, n, m, a0, b0);
                }
            }
        }
        return null;
    }

    /** @param trace for each round d, the previous round's furthest x on diagonals -d..d (index k + d) */
    private static List<Edit> backtrack(List<int[]> trace, int dEnd, int n, int m, int a0, int b0) {
        List<Edit> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = dEnd; d > 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK = k == -d || k != d && v[d + k - 1] < v[d + k + 1] ? k + 1 : k - 1;
            int prevX = v[d + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                reversed.add(new Edit(Op.KEEP, a0 + --x, b0 + --y));
            }
            if (x == prevX) {
                reversed.add(new Edit(Op.ADD, a0 + x, b0 + --y));
            } else {
                reversed.add(new Edit(Op.DEL, a0 + --x, b0 + y));
            }
        }
        while (x > 0 && y > 0) {
            reversed.add(new Edit(Op.KEEP, a0 + --x, b0 + --y));
        }
        List<Edit> out = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            out.add(reversed.get(i));
        }
        return out;
    }

    /** Groups the script into hunks with {@link #CONTEXT} lines around each change. */
    private static void render(List<Edit> script, List<String> a, List<String> b, StringBuilder out) {
        int i = 0;
        while (i < script.size()) {
            while (i < script.size() && script.get(i).op == Op.KEEP) {
                i++;
            }
            if (i >= script.size()) {
                break;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int keeps = 0;
            for (int j = i; j < script.size(); j++) {
                if (script.get(j).op == Op.KEEP) {
                    keeps++;
                    if (keeps > 2 * CONTEXT) {
                        break;
                    }
                } else {
                    keeps = 0;
                    end = j + 1;
                }
            }
            int stop = Math.min(script.size(), end + CONTEXT);
            int oldStart = script.get(start).oldIndex;
            int newStart = script.get(start).newIndex;
            int oldCount = 0;
            int newCount = 0;
            StringBuilder body = new StringBuilder();
            for (int j = start; j < stop; j++) {
                Edit e = script.get(j);
                switch (e.op) {
                    case KEEP -> {
                        body.append(' ').append(a.get(e.oldIndex)).append('\n');
                        oldCount++;
                        newCount++;
                    }
                    case DEL -> {
                        body.append('-').append(a.get(e.oldIndex)).append('\n');
                        oldCount++;
                    }
                    case ADD -> {
                        body.append('+').append(b.get(e.newIndex)).append('\n');
                        newCount++;
                    }
                }
            }
            out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount)).append(" @@\n")
                    .append(body);
            i = stop;
        }
    }

    /** A unified-diff range: 1-based start (the line before, for an empty range) and count. */
    private static String range(int start, int count) {
        return count == 0 ? start + ",0" : (start + 1) + (count == 1 ? "" : "," + count);
    }
}
