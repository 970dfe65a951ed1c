package dev.exemux.tools.search;

import dev.exemux.tools.spi.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns what an engine reports, file by file in path order, into hits for the page: applies the
 * request's own filters (hidden, .git, globs), re-checks every matching line against the canonical
 * {@link LinePattern}, and attaches the context lines.
 */
final class HitStream implements EngineOutput.Sink {

    private record Line(boolean match, byte[] text, boolean cut) {}

    private final SearchRequest request;
    private final SearchPage page;
    private volatile String engine;
    private String currentPath;
    private boolean currentAccepted;
    private final TreeMap<Long, Line> lines = new TreeMap<>();
    private String lastFinished;
    private boolean stopped;
    private ToolException failure;

    HitStream(SearchRequest request, SearchPage page) {
        this.request = request;
        this.page = page;
    }

    String engine() {
        return engine;
    }

    /** The last file whose hits were all offered (a resume point when the search stops early), or null. */
    synchronized String lastFinished() {
        return lastFinished;
    }

    @Override
    public void engine(String name) {
        engine = name;
    }

    @Override
    public synchronized boolean file(String path) {
        if (request.accepts(path)) {
            stopped = !page.offer(SearchHit.file(path));
        }
        lastFinished = path;
        return !stopped;
    }

    @Override
    public synchronized boolean line(String path, long number, boolean match, byte[] text, boolean cut) {
        if (!path.equals(currentPath)) {
            if (!finishFile()) {
                return false;
            }
            currentPath = path;
            currentAccepted = request.accepts(path);
        }
        if (currentAccepted) {
            lines.put(number, new Line(match, text, cut));
        }
        return true;
    }

    /** Why the search cannot go on (a pattern too costly to check), or null. */
    synchronized ToolException failure() {
        return failure;
    }

    /** Offers the hits of the file being collected; false once the page needs nothing more. */
    synchronized boolean finishFile() {
        if (currentPath == null || stopped) {
            return !stopped;
        }
        List<SearchHit> hits;
        try {
            hits = hits(currentPath, lines, request);
        } catch (ToolException e) {
            // Often on an executor's I/O thread: recorded for the call, never thrown at the listener.
            failure = e;
            stopped = true;
            return false;
        }
        for (SearchHit hit : hits) {
            if (!page.offer(hit)) {
                stopped = true;
                break;
            }
        }
        lastFinished = currentPath;
        lines.clear();
        currentPath = null;
        return !stopped;
    }

    private static List<SearchHit> hits(String path, TreeMap<Long, Line> lines, SearchRequest request) {
        List<SearchHit> out = new ArrayList<>();
        lines.forEach((number, line) -> {
            if (!line.match()) {
                return;
            }
            int at = request.pattern().firstMatch(line.text());
            if (at < 0 && !line.cut()) {
                return; // not a match in the canonical dialect
            }
            int n = request.contextLines();
            List<SearchHit.Context> before = new ArrayList<>();
            List<SearchHit.Context> after = new ArrayList<>();
            for (long k = number - n; k < number; k++) {
                Line c = lines.get(k);
                if (c != null) {
                    before.add(new SearchHit.Context(k, LineText.display(c.text(), 0)));
                }
            }
            for (long k = number + 1; k <= number + n; k++) {
                Line c = lines.get(k);
                if (c != null) {
                    after.add(new SearchHit.Context(k, LineText.display(c.text(), 0)));
                }
            }
            out.add(new SearchHit(path, number, LineText.display(line.text(), Math.max(0, at)), before, after));
        });
        return out;
    }
}
