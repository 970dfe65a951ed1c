package dev.exemux.tools.search;

import dev.exemux.executor.Await;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.files.BoundedParallel;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.text.PathOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last engine, for executors that cannot run rg or grep: exemux walks the tree with the executor's
 * own calls (listings and reads), in the same order and with the same filters, and matches each line
 * itself. It moves whole files, so it is the slow path; it stops before the deadline and says where, so
 * a cursor continues from there.
 */
final class WalkSearch {

    /** Files read at once. */
    private static final int READ_WIDTH = 8;
    /** Larger files are skipped: the walk holds each file it searches in memory. */
    static final long MAX_FILE = 32L << 20;
    /** A NUL in this many first bytes makes a file binary (the block rg and grep look at first). */
    static final int BINARY_PROBE = 32 * 1024;

    private final Executor executor;
    private final SearchRequest request;
    private final HitStream stream;
    private final ToolContext context;
    private final Duration reserve;
    private boolean stopped;
    private boolean deadline;
    int unreadable;

    WalkSearch(Executor executor, SearchRequest request, HitStream stream, ToolContext context, Duration reserve) {
        this.executor = executor;
        this.request = request;
        this.stream = stream;
        this.context = context;
        this.reserve = reserve;
    }

    /** Walks; true when it stopped for the deadline. */
    boolean run() {
        GitIgnore ignore = request.respectGitignore() ? rulesAbove() : null; // null: no rules at all
        try {
            walk("", request.root(), ignore);
        } catch (DeadlineExceededException e) {
            // One step (a listing, a batch of reads) outlasted what was left: the page so far is the answer,
            // and its cursor continues with that step.
            deadline = true;
            stopped = true;
        }
        return deadline;
    }

    /** {@code ignore}: the rules in force, or null outside a git work tree or when .gitignore is not respected. */
    private void walk(String relative, String absolute, GitIgnore ignore) {
        if (stopped || outOfTime()) {
            return;
        }
        List<DirectoryEntry> entries;
        try {
            entries = await(executor.listDirectory(absolute), "list " + absolute);
        } catch (RemoteCallException e) {
            if (relative.isEmpty()) {
                throw e;
            }
            unreadable++;
            return;
        }
        if (ignore != null && entries.stream().anyMatch(e -> e.name().equals(".gitignore") && e.isFile())) {
            byte[] rules = readOrNull(child(absolute, ".gitignore"));
            if (rules != null) {
                ignore = ignore.with(relative, rules);
            }
        }
        List<DirectoryEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(DirectoryEntry::name, PathOrder.COMPARATOR));
        List<String> files = new ArrayList<>();
        for (DirectoryEntry e : sorted) {
            String path = relative.isEmpty() ? e.name() : relative + "/" + e.name();
            if (e.name().equals(".git") || (!request.includeHidden() && e.name().startsWith("."))
                    || (ignore != null && ignore.ignored(path, e.isDirectory())) || isBeforeCursor(path, e.isDirectory())) {
                continue;
            }
            if (e.isDirectory()) {
                flush(relative, absolute, files);
                if (stopped || outOfTime()) {
                    return;
                }
                if (!isSymlink(child(absolute, e.name()))) { // never through symlinks: they can loop
                    walk(path, child(absolute, e.name()), ignore);
                }
            } else if (e.isFile()) {
                files.add(e.name());
            }
        }
        flush(relative, absolute, files);
    }

    /** Searches the files gathered so far, in order. */
    private void flush(String relative, String absolute, List<String> names) {
        if (names.isEmpty() || stopped) {
            names.clear();
            return;
        }
        List<String> batch = List.copyOf(names);
        names.clear();
        for (int from = 0; from < batch.size() && !stopped; from += READ_WIDTH * 4) {
            if (outOfTime()) {
                return;
            }
            List<String> slice = batch.subList(from, Math.min(batch.size(), from + READ_WIDTH * 4));
            List<String> paths = slice.stream().map(n -> relative.isEmpty() ? n : relative + "/" + n).toList();
            if (request.filesMode()) {
                List<String> named = paths.stream().filter(request::accepts).toList();
                List<FileMetadata> metas = await(BoundedParallel.map(named, READ_WIDTH, p -> executor.stat(child(request.root(), p))),
                        "stat files under " + absolute);
                for (int i = 0; i < named.size(); i++) {
                    if (metas.get(i) != null && !metas.get(i).isSymlink() && !stream.file(named.get(i))) {
                        stopped = true;
                        return;
                    }
                }
                continue;
            }
            List<String> wanted = paths.stream().filter(request::accepts).toList();
            List<byte[]> contents = await(BoundedParallel.map(wanted, READ_WIDTH, p -> readSmall(child(request.root(), p))),
                    "read files under " + absolute);
            for (int i = 0; i < wanted.size() && !stopped; i++) {
                if (contents.get(i) == null) {
                    unreadable++;
                    continue;
                }
                search(wanted.get(i), contents.get(i));
            }
        }
    }

    /**
     * The file's bytes. A symlink (rg and find skip them too) or a file known to be larger than
     * {@link #MAX_FILE} (it would sit in memory whole) fails, so it is skipped.
     */
    private java.util.concurrent.CompletableFuture<byte[]> readSmall(String path) {
        return executor.stat(path).thenCompose(meta -> meta.isSymlink() || meta.size() > MAX_FILE
                ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("not walked"))
                : executor.readFile(path));
    }

    private void search(String path, byte[] data) {
        int probe = Math.min(data.length, BINARY_PROBE);
        for (int i = 0; i < probe; i++) {
            if (data[i] == 0) {
                return; // binary
            }
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                if (i == data.length && start == i) {
                    break;
                }
                byte[] line = java.util.Arrays.copyOfRange(data, start, i);
                if (indexOfNul(line) >= 0) {
                    break; // a later NUL: binary from here on, as rg and grep stop there too
                }
                lines.add(line);
                start = i + 1;
            }
        }
        int n = request.contextLines();
        boolean[] emit = new boolean[lines.size()];
        boolean[] match = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            if (request.pattern().matches(lines.get(i))) {
                match[i] = true;
                for (int k = Math.max(0, i - n); k <= Math.min(lines.size() - 1, i + n); k++) {
                    emit[k] = true;
                }
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (emit[i] && !stream.line(path, i + 1, match[i], lines.get(i), false)) {
                stopped = true;
                return;
            }
        }
        if (!stream.finishFile()) {
            stopped = true;
        }
    }

    private static int indexOfNul(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            if (line[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether everything at {@code path} comes before the cursor, so the walk can skip it. */
    private boolean isBeforeCursor(String path, boolean directory) {
        String after = request.afterPath();
        if (after == null) {
            return false;
        }
        if (directory && after.startsWith(path + "/")) {
            return false;
        }
        return PathOrder.COMPARATOR.compare(path, after) < 0;
    }

    /** The rules of the ignore files from the git work tree's top down to the root; none outside a work tree (rg's rule). */
    private GitIgnore rulesAbove() {
        List<String> climbed = new ArrayList<>();
        String dir = request.root();
        for (int depth = 0; depth < 64; depth++) {
            if (exists(child(dir, ".git"))) {
                GitIgnore rules = GitIgnore.none();
                byte[] exclude = readOrNull(child(dir, ".git/info/exclude"));
                                if (!climbed.isEmpty()) {
                    if (exclude != null) {
                        rules = rules.above(downFrom(climbed, climbed.size()), exclude);
                    }
                    // Each ancestor's own .gitignore, top first, with the way down from it.
                    String d = dir;
                    for (int i = climbed.size(); i > 0; i--) {
                        byte[] file = readOrNull(child(d, ".gitignore"));
                        if (file != null) {
                            rules = rules.above(downFrom(climbed, i), file);
                        }
                        d = child(d, climbed.get(i - 1));
                    }
                } else if (exclude != null) {
                    rules = rules.with("", exclude);
                }
                return rules;
            }
            if (dir.equals("/")) {
                return null;
            }
            int slash = dir.lastIndexOf('/');
            climbed.add(dir.substring(slash + 1));
            dir = slash == 0 ? "/" : dir.substring(0, slash);
        }
        return null;
    }

    /** The way down to the root from {@code levels} directories above it ({@code climbed} is nearest first). */
    private static String downFrom(List<String> climbed, int levels) {
        List<String> down = new ArrayList<>(climbed.subList(0, levels));
        java.util.Collections.reverse(down);
        return String.join("/", down);
    }

    private boolean exists(String path) {
        try {
            await(executor.stat(path), "stat " + path);
            return true;
        } catch (RemoteCallException e) {
            return false;
        }
    }

    private boolean isSymlink(String path) {
        try {
            FileMetadata m = await(executor.stat(path), "stat " + path);
            return m.isSymlink();
        } catch (RemoteCallException e) {
            return true;
        }
    }

    private byte[] readOrNull(String path) {
        try {
            return await(executor.readFile(path), "read " + path);
        } catch (RemoteCallException e) {
            return null;
        }
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) {
        return Await.result(f, context.remaining().minus(reserve), executor.id(), what);
    }

    private boolean outOfTime() {
        if (context.remaining().compareTo(reserve.multipliedBy(2)) < 0 || context.isCancelled()) {
            deadline = true;
            stopped = true;
        }
        return deadline;
    }

    private static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
