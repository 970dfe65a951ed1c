package dev.exemux.tools.search;

import dev.exemux.tools.text.PathOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds what an unsorted rg prints (each file's lines together, files in any order) and hands it on in
 * walk order once rg has finished; up to a size, beyond which it asks to stop (rg sorting by path is
 * run instead). What another engine prints is already in order and passes straight through.
 */
final class ReorderedOutput implements EngineOutput.Sink {

    private record Line(long number, boolean match, byte[] text, boolean cut) {}

    /** Bytes counted for each line held besides its text. */
    private static final int LINE_OVERHEAD = 32;

    private final EngineOutput.Sink next;
    private final long maxHeld;
    private final Map<String, List<Line>> files = new HashMap<>();
    private boolean holding;
    private long held;
    private boolean overflowed;

    ReorderedOutput(EngineOutput.Sink next, long maxHeld) {
        this.next = next;
        this.maxHeld = maxHeld;
    }

    /** Whether rg's unsorted output is being held (otherwise everything went straight on). */
    synchronized boolean holding() {
        return holding;
    }

    /** More was printed than may be held: what is held is not the whole answer. */
    synchronized boolean overflowed() {
        return overflowed;
    }

    @Override
    public synchronized void engine(String name) {
        holding = name.equals("rg");
        next.engine(name);
    }

    @Override
    public synchronized boolean file(String path) {
        if (!holding) {
            return next.file(path);
        }
        files.computeIfAbsent(path, p -> new ArrayList<>());
        return hold(path.length() + LINE_OVERHEAD);
    }

    @Override
    public synchronized boolean line(String path, long number, boolean match, byte[] text, boolean cut) {
        if (!holding) {
            return next.line(path, number, match, text, cut);
        }
        List<Line> lines = files.computeIfAbsent(path, p -> new ArrayList<>());
        lines.add(new Line(number, match, text, cut));
        return hold(text.length + (lines.size() == 1 ? path.length() : 0) + LINE_OVERHEAD);
    }

    private boolean hold(long bytes) {
        held += bytes;
        if (held > maxHeld) {
            overflowed = true;
            files.clear();
            return false;
        }
        return true;
    }

    /** Hands on everything held, file by file in walk order, until the next sink has what it needs. */
    synchronized void release(boolean filesMode) {
        List<String> paths = new ArrayList<>(files.keySet());
        paths.sort(PathOrder.COMPARATOR);
        for (String path : paths) {
            if (filesMode) {
                if (!next.file(path)) {
                    break;
                }
                continue;
            }
            for (Line l : files.get(path)) {
                if (!next.line(path, l.number(), l.match(), l.text(), l.cut())) {
                    files.clear();
                    return;
                }
            }
        }
        files.clear();
    }
}
