package dev.exemux.executor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Files and processes on one executor, named by its exe_id. Every tool is written against this
 * interface, so a remote codex exec-server (bridge-client) and the embedded {@code local} executor
 * behave the same.
 *
 * <p>Every method is asynchronous and fails its future with an {@link ExecutorException}; callers bound
 * each wait with {@link Await#result}. Paths are plain absolute POSIX paths: release differences
 * (file:// URIs, required fields, missing methods) are the implementation's business.
 */
public interface Executor {

    String id();

    /** What is known now, without dialing. */
    ExecutorStatus status();

    /** Connects if needed and reports release, platform and capabilities. */
    CompletableFuture<ExecutorInfo> describe();

    /**
     * What is at {@code path}, following a symlink (and saying it is one, with its text); a dangling
     * symlink is reported as such, not as missing. The size is known on every release.
     */
    CompletableFuture<FileMetadata> stat(String path);

    /**
     * What {@code path} leads to, following symlinks, as the executor answers it in one call: a missing
     * path and a dangling symlink both fail as not found, a link's text is not given, and the size is -1
     * where the release reports none. For questions that need no more (is there a directory here? did
     * something appear?), since {@link #stat} completes that answer with a helper process on some paths
     * and releases, and on a remote executor every process costs a round trip through the gateway.
     */
    default CompletableFuture<FileMetadata> statTarget(String path) {
        return stat(path);
    }

    /** The whole file in one message: for small files; use {@link #openRead} for large ones. */
    CompletableFuture<byte[]> readFile(String path);

    /**
     * Random-access reads that move only the requested bytes where the executor supports it
     * ({@link ExecutorInfo.Capabilities#streamedRead()}); otherwise the implementation cuts each
     * requested slice out on the executor (e.g. a {@code tail | head} process), so it too moves only
     * the requested bytes.
     */
    CompletableFuture<ReadHandle> openRead(String path);

    /** Creates or truncates {@code path}; any size (large payloads are split, never rejected). */
    CompletableFuture<Void> writeFile(String path, byte[] data);

    /**
     * Sequential writer for {@code size} bytes at {@code path} (created or truncated), for payloads
     * that should not sit in memory whole. The file is complete once {@link WriteHandle#finish} succeeds.
     */
    CompletableFuture<WriteHandle> openWrite(String path, long size);

    /**
     * Every entry of the directory, dangling symlinks included; one entry that cannot be examined never
     * fails the listing. Entries carry their metadata where the listing could get it in the same pass.
     */
    CompletableFuture<List<DirectoryEntry>> listDirectory(String path);

    CompletableFuture<Void> createDirectory(String path, boolean recursive);

    CompletableFuture<Void> remove(String path, boolean recursive, boolean force);

    /** Copy within this executor. */
    CompletableFuture<Void> copy(String source, String destination, boolean recursive);

    /**
     * Renames {@code source} to {@code destination} atomically (rename(2), same filesystem), replacing
     * an existing file or empty directory: readers see the old file or the new one, never a mix. An
     * existing non-empty directory is an error, never a place to move into. The protocol has no rename,
     * so the default runs {@code mv -T} (rename(2) semantics) on the executor.
     */
    default CompletableFuture<Void> move(String source, String destination) {
        return ProcessRunner.run(this, java.util.List.of("mv", "-f", "-T", "--", source, destination))
                .thenAccept(result -> result.requireSuccess(id(), "mv " + source + " " + destination));
    }

    /** Absolute path with symlinks resolved (on every release: a helper command where the method is missing). */
    CompletableFuture<String> canonicalize(String path);

    /**
     * Starts a process. The listener receives every output chunk once, in order, then
     * {@link ProcessListener#onExit} after the last chunk.
     */
    CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener);
}
