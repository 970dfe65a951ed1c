package dev.exemux.relay;

import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a file or a directory from one executor to another (or within one). Between executors the
 * relay carries the bytes when it can (the executors transfer them themselves) and exemux streams them
 * otherwise. Whatever the path, the destination is written under a temporary name beside
 * {@code dstPath} and renamed only after its size and SHA-256 match the source's; on any failure nothing
 * is left at {@code dstPath}, temporaries are removed on both executors and no helper process is left
 * running. Directories travel as one tar archive.
 */
public final class CopyService {

    private static final Logger LOG = LoggerFactory.getLogger(CopyService.class);

    /** Kept back from the caller's deadline so clean-up still fits inside it. */
    private static final Duration CLEANUP_RESERVE = Duration.ofSeconds(5);

    private final RelayCopier relay;
    private final StreamCopier stream;
    private final Duration teeJoinGrace;

    /** @param relayOrNull null, or a client that may be off: both mean streaming only */
    public CopyService(RelayClient relayOrNull) {
        this(relayOrNull, StreamCopier.DEFAULT_BLOCK, StreamCopier.DEFAULT_WINDOW);
    }

    /** @param streamWindow blocks of {@code streamBlock} bytes in flight while streaming (memory bound) */
    public CopyService(RelayClient relayOrNull, int streamBlock, int streamWindow) {
        this(relayOrNull, streamBlock, streamWindow, StreamTee.JOIN_GRACE);
    }

    /** @param teeJoinGrace how long a streamed fan-out waits for a late destination before reading without it */
    CopyService(RelayClient relayOrNull, int streamBlock, int streamWindow, Duration teeJoinGrace) {
        this.relay = new RelayCopier(relayOrNull);
        this.stream = new StreamCopier(streamBlock, streamWindow);
        this.teeJoinGrace = teeJoinGrace;
    }

    /** Why the relay would not be used right now, or null when it is configured. */
    public String relayOffReason() {
        return relay.offReason();
    }

    /**
     * @param recursive required to copy a directory
     * @param timeout the copy, its verification and its clean-up all end within this
     * @throws CopyException with an actionable message; nothing is then left at {@code dstPath}
     */
    public CopyResult copy(Executor src, String srcPath, Executor dst, String dstPath, boolean recursive,
            Transport transport, CopyProgress progress, Duration timeout) {
        return copy(src, srcPath, dst, dstPath, recursive, transport, progress, Deadline.in(timeout), timeout,
                Shared.alone());
    }

    /**
     * Copies one file or directory to {@code dstPath} on each of {@code destinations} at once (at most
     * {@code concurrency} at a time), each exactly as {@link #copy} would: verified, atomic, its own relay
     * ticket; a failing destination never stops the others. The source is read as few times as the transport
     * allows: its checksum is computed once, a directory is packed once, and when the copy streams (transport
     * {@code stream}, or the relay off) one pump reads it once for every destination ({@link StreamTee}).
     * Interrupting the calling thread cancels every destination's copy (each cleans up) and throws
     * {@link CancellationException} once they have stopped.
     *
     * @param timeout every destination's copy ends within this, counted from now
     * @return one result per destination, in the order given
     */
    public List<DestinationResult> copyToMany(Executor src, String srcPath, List<Executor> destinations, String dstPath,
            boolean recursive, Transport transport, FanOutListener listener, Duration timeout, int concurrency) {
        Deadline overall = Deadline.in(timeout);
        SourceDigests digests = new SourceDigests();
        PackedSource packed = new PackedSource();
        // Streaming to all: read the source once. (Over the relay each destination's curl fetches its own copy.)
        boolean streams = transport == Transport.STREAM || relay.offReason() != null;
        int parties = (int) destinations.stream().filter(d -> !d.id().equals(src.id())).count();
        StreamTee tee = streams && parties > 1 && srcPath != null && srcPath.startsWith("/")
                ? new StreamTee(stream, src, parties, teeJoinGrace) : null;
        FanOutListener hear = listener == null ? FanOutListener.NONE : listener;
        // A tee waits for every destination to join it, so each needs its own thread; their work is one pump.
        int threads = tee != null ? destinations.size() : Math.max(1, Math.min(concurrency, destinations.size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "exemux-fanout-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<DestinationResult>> futures = new ArrayList<>();
        try {
            for (Executor dst : destinations) {
                StreamTee.Party party = tee == null || dst.id().equals(src.id()) ? null : tee.party();
                Shared shared = new Shared(digests, party == null ? null : tee, party, packed);
                futures.add(pool.submit(() -> {
                    DestinationResult r;
                    try {
                        r = toOne(src, srcPath, dst, dstPath, recursive, transport, hear, overall, timeout, shared);
                    } finally {
                        if (party != null) {
                            tee.leave(party); // a copy that never reached the stream must not hold the others back
                        }
                    }
                    hear.ended(r);
                    return r;
                }));
            }
            List<DestinationResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(new DestinationResult(destinations.get(i).id(), null, "copy to '" + destinations.get(i).id()
                            + "' failed unexpectedly (" + e.getCause().getClass().getSimpleName() + ")."));
                }
            }
            return out;
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true)); // each copy stops what it started and removes its temporaries
            pool.shutdown();
            try {
                pool.awaitTermination(CLEANUP_RESERVE.toMillis() * 4, TimeUnit.MILLISECONDS);
            } catch (InterruptedException again) {
                // stop waiting: the copies clean up on their own threads
            }
            Thread.currentThread().interrupt();
            throw new CancellationException("copy to " + destinations.size() + " executors was cancelled");
        } finally {
            pool.shutdown();
            boolean interrupted = Thread.interrupted(); // a cancelled fan-out still removes the packed archive
            packed.remove(overall);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private DestinationResult toOne(Executor src, String srcPath, Executor dst, String dstPath, boolean recursive,
            Transport transport, FanOutListener listener, Deadline overall, Duration timeout, Shared shared) {
        try {
            CopyResult r = copy(src, srcPath, dst, dstPath, recursive, transport,
                    (done, total, message) -> listener.progress(dst.id(), done, total), overall, timeout, shared);
            return new DestinationResult(dst.id(), r, null);
        } catch (CopyException e) {
            return new DestinationResult(dst.id(), null, e.getMessage());
        } catch (RuntimeException e) {
            return new DestinationResult(dst.id(), null, "copy to '" + dst.id() + "' failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); nothing was left at dst_path.");
        }
    }

    private CopyResult copy(Executor src, String srcPath, Executor dst, String dstPath, boolean recursive,
            Transport transport, CopyProgress progress, Deadline overall, Duration timeout, Shared shared) {
        long started = System.nanoTime();
        Deadline work = overall.reserving(CLEANUP_RESERVE);
        String from = requireAbsolute(srcPath, "src_path");
        String to = requireAbsolute(dstPath, "dst_path");
        CopyProgress report = progress == null ? CopyProgress.NONE : progress;
        Temporaries temps = new Temporaries();
        try {
            // The destination is looked at while the source is: a first copy dials both executors at once,
            // not one after the other.
            String parent = parentOf(to);
            // What is at the destination needs no more than the executor's own answer (statTarget): a helper
            // process there would cost a round trip through the gateway on every copy to a new path.
            CompletableFuture<FileMetadata> dstParent = dst.statTarget(parent);
            CompletableFuture<FileMetadata> dstExisting = dst.statTarget(to);
            FileMetadata srcMeta = sourceMetadata(src, from, work);
            if (srcMeta == null) {
                throw new CopyException("src_path " + from + " does not exist on '" + src.id() + "'.");
            }
            if (srcMeta.danglingLink()) {
                throw new CopyException("src_path " + from + " on '" + src.id() + "' is a symlink to " + srcMeta.linkTarget()
                        + ", which does not exist; there is nothing to copy.");
            }
            if (!srcMeta.isDirectory() && !srcMeta.isFile()) {
                throw new CopyException("src_path " + from + " on '" + src.id()
                        + "' is neither a regular file nor a directory (a device, FIFO or socket) and cannot be copied.");
            }
            if (srcMeta.isDirectory() && !recursive) {
                throw new CopyException("src_path " + from + " on '" + src.id()
                        + "' is a directory: pass recursive: true to copy it with everything in it.");
            }
            checkDestination(dst, to, srcMeta.isDirectory(), metadata(dstParent, dst, parent, work),
                    metadata(dstExisting, dst, to, work));
            LOG.debug("both ends looked at in {} ms", (System.nanoTime() - started) / 1_000_000);
            if (src.id().equals(dst.id()) && from.equals(to)) {
                throw new CopyException("src_path and dst_path are the same path on '" + src.id() + "'.");
            }
            Outcome outcome;
            if (src.id().equals(dst.id())) {
                outcome = withinExecutor(src, from, to, srcMeta.isDirectory(), temps, work, report);
            } else if (srcMeta.isDirectory()) {
                outcome = directory(src, from, dst, to, transport, temps, work, report, shared);
            } else {
                long size = sizeOf(src, from, srcMeta);
                outcome = file(src, from, size, dst, to, null, transport, temps, work, report, shared);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            return new CopyResult(outcome.transport, outcome.bytes, outcome.sha256, ms, outcome.fallbackReason);
        } catch (CopyException e) {
            throw e;
        } catch (DeadlineExceededException e) {
            throw new CopyException("copy from '" + src.id() + "':" + from + " to '" + dst.id() + "':" + to
                    + " did not finish within the time it had (" + timeout.toSeconds() + " s); it was stopped and nothing was left at dst_path. "
                    + "Retry with more time, or copy smaller parts.");
        } catch (CancellationException e) {
            throw new CopyException("copy to '" + dst.id() + "':" + to + " was cancelled; nothing was left at dst_path.");
        } catch (ExecutorException e) {
            boolean denied = e instanceof RemoteCallException r && r.reason() == RemoteCallException.Reason.PERMISSION_DENIED;
            throw new CopyException("copy from '" + src.id() + "':" + from + " to '" + dst.id() + "':" + to + " failed: "
                    + e.getMessage() + (denied ? ". The executor's user may not read the source or write beside dst_path;"
                            + " choose paths it may use, or change their permissions." : ""));
        } catch (RuntimeException e) {
            throw new CopyException("copy from '" + src.id() + "':" + from + " to '" + dst.id() + "':" + to
                    + " failed unexpectedly (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        } finally {
            // A cancelled copy arrives here interrupted: clean up all the same, then pass the interrupt on.
            boolean interrupted = Thread.interrupted();
            temps.removeAll(overall);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @param unpacked the archive of a directory copy was unpacked on its way (by the relay's download) */
    private record Outcome(String transport, long bytes, String sha256, String fallbackReason, boolean unpacked) {}

    /**
     * What the destinations of one fan-out share: the source's checksum, and the stream that reads the source
     * once for all ({@code tee} and this destination's {@code party} in it, null when not streaming to many).
     */
    private record Shared(SourceDigests digests, StreamTee tee, StreamTee.Party party, PackedSource packed) {
        static Shared alone() {
            return new Shared(new SourceDigests(), null, null, null);
        }
    }

    /**
     * One file to {@code finalPath}: relay first unless told otherwise, then streaming. A directory's archive
     * ({@code unpackInto} not null) goes straight to {@code finalPath}, itself a temporary, and the relay's
     * download unpacks it there as well.
     */
    private Outcome file(Executor src, String srcPath, long size, Executor dst, String finalPath, String unpackInto,
            Transport transport, Temporaries temps, Deadline work, CopyProgress progress, Shared shared) {
        String fallbackReason = null;
        if (transport != Transport.STREAM) {
            RelayOutcome relayed = overRelay(src, srcPath, size, dst, finalPath, unpackInto, transport, temps, work,
                    progress, shared);
            if (relayed instanceof RelayOutcome.Done done) {
                return new Outcome("relay", done.bytes(), done.sha256(), null, unpackInto != null);
            }
            fallbackReason = fallbackReason(relayed, transport);
        }
        String tmp = unpackInto != null ? finalPath : temps.track(dst, Temporaries.besides(finalPath, ".part"));
        // The source hashes itself while the bytes stream (one process, at the speed of its SHA
        // instructions), so the check compares what both executors hold, not what passed through exemux.
        CompletableFuture<String> srcSha = shared.digests().sha256(src, srcPath, size, work);
        String sha;
        StreamCopier.Moved moved;
        try {
            moved = shared.tee() == null ? null
                    : shared.tee().write(shared.party(), src, srcPath, size, dst, tmp, work, progress);
            if (moved == null) {
                moved = stream.copy(src, srcPath, size, dst, tmp, work, progress);
            }
            sha = work.await(srcSha, src.id(), "sha256 of " + srcPath);
        } finally {
            srcSha.cancel(true); // no effect once done; else the hash is not needed any more
        }
        String mismatch = verify(dst, tmp, size, sha, work);
        if (mismatch != null) {
            throw new CopyException("the copy written on '" + dst.id() + "' does not match the source (" + mismatch
                    + "; the source may have changed while it was copied); it was removed and nothing was left at"
                    + " dst_path. Retry the copy.");
        }
        if (unpackInto == null) {
            moveIntoPlace(dst, tmp, finalPath, temps, work);
        }
        return new Outcome("stream", moved.bytes(), sha, fallbackReason, false);
    }

    /**
     * The relay fallback rule, the only place it is decided: when the relay cannot carry a copy, streaming
     * can (it needs neither the relay nor curl, and no workspace), so {@code auto} streams and reports why;
     * {@code relay} fails with that reason. A fatal outcome ends the copy whatever the transport.
     *
     * @return the fallback reason for the result
     */
    static String fallbackReason(RelayOutcome outcome, Transport transport) {
        if (outcome instanceof RelayOutcome.Fatal fatal) {
            throw fatal.cause();
        }
        RelayOutcome.Unusable unusable = (RelayOutcome.Unusable) outcome;
        if (transport == Transport.RELAY) {
            throw new CopyException("relay copy failed: " + unusable.reason()
                    + ". Nothing was left at dst_path. Use transport: auto or stream to copy without the relay.");
        }
        return unusable.reason();
    }

    /**
     * One attempt to copy over the relay, into a temporary beside {@code finalPath} that takes its final name
     * only once verified (a directory's archive: into {@code finalPath}, unpacked into {@code unpackInto}); on
     * any other outcome what it wrote is gone.
     */
    private RelayOutcome overRelay(Executor src, String srcPath, long size, Executor dst, String finalPath,
            String unpackInto, Transport transport, Temporaries temps, Deadline work, CopyProgress progress, Shared shared) {
        String off = relay.offReason();
        if (off != null) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.OFF, off);
        }
        if (transport == Transport.AUTO) {
            String embedded = embedded(src) ? src.id() : embedded(dst) ? dst.id() : null;
            if (embedded != null) {
                return new RelayOutcome.Unusable(RelayOutcome.Why.NOT_IN_WORKSPACE, "'" + embedded
                        + "' runs inside exemux and is in no gateway workspace, so the relay cannot serve it");
            }
        }
        String tmp = unpackInto != null ? finalPath : temps.track(dst, Temporaries.besides(finalPath, ".part"));
        RelayOutcome outcome;
        try {
            outcome = verified(src, srcPath, size, dst, tmp, finalPath, unpackInto, temps, work, progress, shared);
        } catch (RuntimeException e) {
            outcome = new RelayOutcome.Fatal(e);
        }
        if (!(outcome instanceof RelayOutcome.Done) && !(outcome instanceof RelayOutcome.Fatal)) {
            if (unpackInto == null) {
                temps.removeNow(dst, tmp, work);
            } else { // the stream writes and unpacks the archive there afresh
                temps.removeForReuse(dst, tmp, work);
                temps.removeForReuse(dst, unpackInto, work);
            }
        }
        return outcome;
    }

    /**
     * The transfer, then its check: the destination's checksum (computed by its download) against the
     * source's (by the upload, or shared in a fan-out), then the rename. Two processes on the destination
     * and one on the source, one after the other.
     */
    private RelayOutcome verified(Executor src, String srcPath, long size, Executor dst, String tmp, String finalPath,
            String unpackInto, Temporaries temps, Deadline work, CopyProgress progress, Shared shared) {
        long t0 = System.nanoTime();
        RelayOutcome transferred = relay.transfer(src, srcPath, size, dst, tmp, unpackInto, shared.digests(), work, progress);
        if (!(transferred instanceof RelayOutcome.Arrived arrived)) {
            return transferred;
        }
        long t1 = System.nanoTime();
        // Only an executor without openssl or sha256sum leaves a checksum to be found another way.
        CompletableFuture<String> srcSha = shared.digests().sha256(src, srcPath, size, work);
        CompletableFuture<String> dstSha = arrived.sha256() != null ? CompletableFuture.completedFuture(arrived.sha256())
                : RemoteCommands.sha256(dst, tmp, work);
        String sha = work.await(srcSha, src.id(), "sha256 of " + srcPath);
        String mismatch = compare(arrived.bytes(), work.await(dstSha, dst.id(), "sha256 of " + tmp), size, sha);
        if (mismatch != null) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.DAMAGED, "relay transfer arrived damaged (" + mismatch + ")");
        }
        long t2 = System.nanoTime();
        if (unpackInto == null) {
            moveIntoPlace(dst, tmp, finalPath, temps, work);
        }
        LOG.debug("relay copy of {} bytes: transfer and checksums {} ms, the source's checksum {} ms more, rename {} ms",
                size, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        return new RelayOutcome.Done(size, sha);
    }

    /** Served in-process (exe_id {@code local}): never part of a gateway workspace. */
    private static boolean embedded(Executor executor) {
        return executor.status().state() == ExecutorStatus.State.EMBEDDED;
    }

    /** A directory as one tar archive: packed on the source, copied as a file, unpacked beside dst. */
    private Outcome directory(Executor src, String srcDir, Executor dst, String finalPath, Transport transport,
            Temporaries temps, Deadline work, CopyProgress progress, Shared shared) {
        progress.update(0, -1, "packing " + srcDir);
        String archive;
        long size;
        if (shared.packed() != null) {
            PackedSource.Archive packed = shared.packed().get(src, srcDir, work); // packed once for all destinations
            archive = packed.path();
            size = packed.size();
        } else {
            PackedSource.Archive packed = RemoteCommands.tarToTemp(src, srcDir, work);
            temps.track(src, packed.tempDir());
            archive = packed.path();
            size = packed.size();
        }
        String dstArchive = temps.track(dst, Temporaries.besides(finalPath, ".tar"));
        String unpacked = temps.track(dst, Temporaries.besides(finalPath, ".dir"));
        Outcome copied = file(src, archive, size, dst, dstArchive, unpacked, transport, temps, work, progress, shared);
        if (!copied.unpacked()) {
            RemoteCommands.untar(dst, dstArchive, unpacked, work);
        }
        CopyException appeared = new CopyException("dst_path " + finalPath + " appeared on '" + dst.id()
                + "' while the copy ran; it was left as it is. Remove it or choose another dst_path.");
        if (metadata(dst.statTarget(finalPath), dst, finalPath, work) != null) {
            throw appeared;
        }
        try {
            moveIntoPlace(dst, unpacked, finalPath, temps, work);
        } catch (RuntimeException e) {
            // The rename refuses a directory that appeared since the check (another copy to the same path).
            if (metadata(dst.statTarget(finalPath), dst, finalPath, work) != null) {
                throw appeared;
            }
            throw e;
        }
        return copied;
    }

    /** Both paths on one executor: its own copy, still staged and verified. */
    private Outcome withinExecutor(Executor ex, String srcPath, String finalPath, boolean isDirectory,
            Temporaries temps, Deadline work, CopyProgress progress) {
        String tmp = temps.track(ex, Temporaries.besides(finalPath, isDirectory ? ".dir" : ".part"));
        work.await(ex.copy(srcPath, tmp, isDirectory), ex.id(), "copy " + srcPath);
        if (isDirectory) {
            moveIntoPlace(ex, tmp, finalPath, temps, work);
            return new Outcome("executor", -1, null, null, false);
        }
        long size = sizeOf(ex, srcPath, stat(ex, srcPath, work));
        String sha = work.await(RemoteCommands.sha256(ex, srcPath, work), ex.id(), "sha256 of " + srcPath);
        String mismatch = verify(ex, tmp, size, sha, work);
        if (mismatch != null) {
            throw new CopyException(srcPath + " on '" + ex.id() + "' changed while it was copied (" + mismatch
                    + "); nothing was left at dst_path. Copy it again when it is stable.");
        }
        moveIntoPlace(ex, tmp, finalPath, temps, work);
        progress.update(size, size, null);
        return new Outcome("executor", size, sha, null, false);
    }

    /** @return null when {@code path} has {@code size} bytes and SHA-256 {@code sha256}, else what differs */
    private static String verify(Executor dst, String path, long size, String sha256, Deadline work) {
        CompletableFuture<String> dstSha = RemoteCommands.sha256(dst, path, work);
        long actual = sizeOf(dst, path, stat(dst, path, work));
        if (actual != size) {
            dstSha.cancel(true);
            return compare(actual, null, size, sha256);
        }
        return compare(actual, work.await(dstSha, dst.id(), "sha256 of " + path), size, sha256);
    }

    private static String compare(long actualSize, String actualSha, long size, String sha256) {
        if (actualSize != size) {
            return actualSize + " of " + size + " bytes";
        }
        return sha256.equals(actualSha) ? null : "SHA-256 " + actualSha + " instead of " + sha256;
    }

    private static void moveIntoPlace(Executor dst, String tmp, String finalPath, Temporaries temps, Deadline work) {
        work.await(dst.move(tmp, finalPath), dst.id(), "rename into " + finalPath);
        temps.forget(tmp);
    }

    /** @param parentMeta and {@code existing}: what the destination has at dst_path's directory and at dst_path (null: nothing) */
    private static void checkDestination(Executor dst, String path, boolean directory, FileMetadata parentMeta, FileMetadata existing) {
        String parent = parentOf(path);
        if (parentMeta == null || !parentMeta.isDirectory()) {
            throw new CopyException("the directory of dst_path, " + parent + ", does not exist on '" + dst.id()
                    + "': create it first (make_directory) or choose another dst_path.");
        }
        if (existing != null && existing.isDirectory()) {
            throw new CopyException("dst_path " + path + " is an existing directory on '" + dst.id()
                    + "': give the full path of the new " + (directory ? "directory" : "file")
                    + " (e.g. " + path + "/<name>), or remove it first.");
        }
        if (existing != null && directory) {
            throw new CopyException("dst_path " + path + " already exists on '" + dst.id()
                    + "' as a file: remove it first or choose another dst_path.");
        }
    }

    /** A file's size from its metadata: executors report it on every release (bridge-client asks where the protocol does not). */
    static long sizeOf(Executor ex, String path, FileMetadata meta) {
        if (meta == null) {
            throw new CopyException(path + " disappeared from '" + ex.id() + "' during the copy; nothing was left at dst_path.");
        }
        if (meta.size() < 0) {
            throw new CopyException("'" + ex.id() + "' cannot tell the size of " + path + " (its exec-server release reports no"
                    + " sizes and GNU find is missing there), so the copy could not be verified; nothing was copied.");
        }
        return meta.size();
    }

    private static String parentOf(String absolutePath) {
        return absolutePath.substring(0, Math.max(1, absolutePath.lastIndexOf('/')));
    }

    /**
     * What the source is, with a helper process on the source only where the executor's own answer falls
     * short: a path it calls missing (a dangling link, or nothing?), or a file whose size its release does not
     * report.
     */
    private static FileMetadata sourceMetadata(Executor src, String path, Deadline work) {
        FileMetadata target = metadata(src.statTarget(path), src, path, work);
        if (target != null && (target.isDirectory() || target.isFile() && target.size() >= 0)) {
            return target;
        }
        return stat(src, path, work);
    }

    /** Metadata, or null when the path does not exist. */
    private static FileMetadata stat(Executor ex, String path, Deadline work) {
        return metadata(ex.stat(path), ex, path, work);
    }

    /** The metadata {@code asked} brings, or null when the path does not exist. */
    private static FileMetadata metadata(CompletableFuture<FileMetadata> asked, Executor ex, String path, Deadline work) {
        try {
            return work.await(asked, ex.id(), "stat " + path);
        } catch (RemoteCallException e) {
            if (e.reason() == RemoteCallException.Reason.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static String requireAbsolute(String path, String name) {
        if (path == null || !path.startsWith("/")) {
            throw new CopyException(name + " must be an absolute path (starting with /), not '" + path + "'.");
        }
        if (path.indexOf('\0') >= 0) {
            throw new CopyException(name + " must not contain a NUL character.");
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            throw new CopyException(name + " must not be the root directory.");
        }
        return p;
    }

}
