package dev.exemux.tools.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects one page from hits offered in order: skips up to the cursor, keeps up to
 * {@code maxResults} hits within a text budget, then only counts what follows, up to a cap, so the
 * result can say how many more there are (or that there are more).
 */
final class SearchPage {

    /** Beyond this many further hits the result says "more than". */
    static final int COUNT_CAP = 10_000;

    private final String afterPath;
    private final long afterLine;
    private final int maxResults;
    private final int budgetChars;
    private final int countCap;
    private final List<SearchHit> hits = new ArrayList<>();
    private int usedChars;
    private boolean full;
    private int more;

    SearchPage(String afterPath, long afterLine, int maxResults, int budgetChars, int countCap) {
        this.afterPath = afterPath;
        this.afterLine = afterLine;
        this.maxResults = maxResults;
        this.budgetChars = budgetChars;
        this.countCap = countCap;
    }

    /** Takes the next hit (in {@link SearchHit#ORDER}); false once nothing further can change the answer. */
    synchronized boolean offer(SearchHit hit) {
        if (afterPath != null && !hit.isAfter(afterPath, afterLine)) {
            return true;
        }
        if (!full) {
            int cost = hit.chars();
            if (hits.size() < maxResults && (hits.isEmpty() || usedChars + cost <= budgetChars)) {
                hits.add(hit);
                usedChars += cost;
                return true;
            }
            full = true;
        }
        more++;
        return more < countCap;
    }

    /** Whether the page is full and a further hit was seen. */
    synchronized boolean hasMore() {
        return more > 0;
    }

    /** Hits seen after the page, up to the cap. */
    synchronized int more() {
        return more;
    }

    /** The counting stopped at the cap: there may be more than {@link #more()}. */
    synchronized boolean countCapped() {
        return more >= countCap;
    }

    synchronized List<SearchHit> hits() {
        return List.copyOf(hits);
    }

    synchronized boolean isFull() {
        return full;
    }
}
