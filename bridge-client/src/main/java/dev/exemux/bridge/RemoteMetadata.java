package dev.exemux.bridge;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.UnsupportedByExecutorException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Metadata and listings that are the same on every release. The exec-server's own answers fall short:
 * no size before 0.140 (the dialect's {@link Sizes} says whether to fill it in), no {@code isSymlink} in 0.120 (and a whole {@code fs/readDirectory} failing
 * on one dangling link there), no link text and no dangling links at all in any release. Where the
 * answer is incomplete, one helper process ({@link FindRecords}) describes the path, or every entry of
 * a directory at once: never one process per file. Where the helper cannot run (no GNU find), the
 * protocol's own answer stands.
 */
final class RemoteMetadata {

    /** A directory whose description is larger than this is listed without it (tens of thousands of entries). */
    static final int MAX_LISTING_BYTES = 16 << 20;

    private static final String REALPATH = "realpath -e -- \"$1\"";

    private final Executor owner;
    private final RecentSizes recent = new RecentSizes();
    /** Set once the executor turned out to have no GNU find: the protocol's answers stand from then on. */
    private volatile boolean helperUnavailable;

    RemoteMetadata(Executor owner) {
        this.owner = owner;
    }

    /** A size the helper found for {@code path} moments ago, while its mtime is still {@code modifiedAtMs}; else -1. */
    long recentSize(String path, long modifiedAtMs) {
        return recent.sizeIfUnchanged(path, modifiedAtMs);
    }

    CompletableFuture<FileMetadata> stat(ExecSession s, String path) {
        Sizes sizes = s.dialect().sizes();
        return s.getMetadata(path).handle((m, error) -> {
            if (error == null) {
                boolean fillIn = sizes.bridgeFillsIn(m);
                if (!fillIn && !m.isSymlink()) {
                    return CompletableFuture.completedFuture(m);
                }
                // A size the reply does not carry, or a link whose text the protocol does not give.
                return describe(path).handle((described, e) -> {
                    if (e != null) {
                        if (fillIn && ExecSession.cause(e) != null) {
                            // The executor failed the helper (a drop, a deadline): say so, rather than a size
                            // nobody knows, which a caller would take for a release without sizes.
                            throw rethrow(ExecSession.unwrap(e));
                        }
                        return m;
                    }
                    if (fillIn) {
                        recent.remember(path, described);
                    }
                    return described;
                });
            }
            if (ExecSession.cause(error) instanceof RemoteCallException rce && (rce.reason() == RemoteCallException.Reason.NOT_FOUND
                    || String.valueOf(rce.getMessage()).contains("(os error 40)"))) {
                // The protocol calls a dangling symlink missing (and a loop an error, ELOOP); only the link itself can tell.
                return describe(path).handle((described, e) -> {
                    if (e != null) {
                        throw rethrow(error);
                    }
                    return described;
                });
            }
            return CompletableFuture.<FileMetadata>failedFuture(ExecSession.unwrap(error));
        }).thenCompose(f -> f);
    }

    CompletableFuture<List<DirectoryEntry>> list(ExecSession s, String dir) {
        return run(FindRecords.LIST, dir).thenApply(FindRecords::parse).handle((entries, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(entries);
            }
            // Not a directory, unreadable, no GNU find: the protocol's listing says what it can (and its error).
            return s.readDirectory(dir);
        }).thenCompose(f -> f);
    }

    /** fs/canonicalize, or where the release lacks it (before 0.137) {@code realpath} on the executor. */
    CompletableFuture<String> canonicalize(ExecSession s, String path) {
        return s.canonicalize(path).handle((resolved, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(resolved);
            }
            if (!(ExecSession.unwrap(error) instanceof UnsupportedByExecutorException)) {
                return CompletableFuture.<String>failedFuture(ExecSession.unwrap(error));
            }
            return run(REALPATH, path).handle((out, e) -> {
                if (e != null) {
                    // Missing, or a dangling link: say so the way fs/canonicalize does.
                    throw new CompletionException(new RemoteCallException(owner.id(), RemoteCallException.Reason.NOT_FOUND, 0,
                            "cannot resolve " + path + ": No such file or directory (os error 2)"));
                }
                String text = new String(out, StandardCharsets.UTF_8);
                return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            });
        }).thenCompose(f -> f);
    }

    private CompletableFuture<FileMetadata> describe(String path) {
        return run(FindRecords.STAT, path).thenApply(out -> {
            List<DirectoryEntry> entries = FindRecords.parse(out);
            if (entries.size() != 1) {
                throw new IllegalStateException("the metadata helper described " + entries.size() + " paths");
            }
            return entries.get(0).metadata();
        });
    }

    /** Runs {@code script} with {@code path} as {@code $1}; fails unless it exits 0 with all its output. */
    private CompletableFuture<byte[]> run(String script, String path) {
        if (helperUnavailable && script.startsWith(FindRecords.PREAMBLE)) {
            return CompletableFuture.failedFuture(new IllegalStateException("no GNU find on the executor"));
        }
        Collector collector = new Collector(owner.id(), () -> helperUnavailable = true);
        ProcessSpec spec = new ProcessSpec(List.of("sh", "-c", script, "sh", path), null, null, false, false);
        return owner.start(spec, collector).thenCompose(handle -> collector.done);
    }

    private static CompletionException rethrow(Throwable error) {
        return error instanceof CompletionException ce ? ce : new CompletionException(error);
    }

    /** Stdout whole (bounded), or a failure: anything short of a clean exit with every byte received. */
    private static final class Collector implements ProcessListener {
        private final String exeId;
        private final Runnable onUnsupported;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private boolean incomplete;
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        Collector(String exeId, Runnable onUnsupported) {
            this.exeId = exeId;
            this.onUnsupported = onUnsupported;
        }

        @Override
        public synchronized void onOutput(OutputKind stream, byte[] chunk) {
            ByteArrayOutputStream target = stream == OutputKind.STDERR ? err : out;
            if (target.size() + chunk.length > MAX_LISTING_BYTES) {
                incomplete = true;
                return;
            }
            target.write(chunk, 0, chunk.length);
        }

        @Override
        public synchronized void onOutputLost(long chunks) {
            incomplete = true;
        }

        @Override
        public synchronized void onExit(ProcessExit exit) {
            if (!exit.isLost() && exit.exitCode() == FindRecords.UNSUPPORTED) {
                onUnsupported.run();
            }
            if (exit.isLost()) {
                done.completeExceptionally(new dev.exemux.executor.ConnectionLostException(exeId,
                        "Executor '" + exeId + "' lost the metadata helper process: " + exit.failure(), null));
            } else if (exit.exitCode() != 0 || incomplete) {
                done.completeExceptionally(new IllegalStateException("metadata helper: "
                        + (incomplete ? "output incomplete" : "exit code " + exit.exitCode()
                        + " " + err.toString(StandardCharsets.UTF_8).strip())));
            } else {
                done.complete(out.toByteArray());
            }
        }
    }
}
