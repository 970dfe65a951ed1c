package dev.exemux.tools.search;

import dev.exemux.tools.text.PathOrder;
import java.util.Comparator;
import java.util.List;

/**
 * One result: a matching line (content mode) or a file (files mode, {@code line} 0 and no text).
 *
 * @param path relative to the searched directory
 * @param before / after context lines, nearest last / first
 */
record SearchHit(String path, long line, String text, List<Context> before, List<Context> after) {

    record Context(long line, String text) {}

    /** Path order of a sorted walk, then line: the order every engine's results come in. */
    static final Comparator<SearchHit> ORDER = Comparator.comparing(SearchHit::path, PathOrder.COMPARATOR)
            .thenComparingLong(SearchHit::line);

    static SearchHit file(String path) {
        return new SearchHit(path, 0, null, List.of(), List.of());
    }

    /** Whether this hit comes after the position {@code (path, line)} of a cursor. */
    boolean isAfter(String path, long line) {
        int c = PathOrder.COMPARATOR.compare(this.path, path);
        return c > 0 || (c == 0 && this.line > line);
    }

    /** About what this hit costs in the text a model reads. */
    int chars() {
        int n = path.length() + 12 + (text == null ? 0 : text.length());
        for (Context c : before) {
            n += c.text().length() + 10;
        }
        for (Context c : after) {
            n += c.text().length() + 10;
        }
        return n;
    }
}
