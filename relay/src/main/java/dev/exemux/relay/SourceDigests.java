package dev.exemux.relay;

import dev.exemux.executor.Executor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source's SHA-256 for the copy's check, computed once per copy (or per fan-out: the source file is
 * hashed once, not once per destination; each destination is still hashed and compared on its own).
 * A relay upload can claim the hash and compute it in its own process, right after the bytes went out,
 * so that no process is started for it; everyone else asks {@link #sha256}, which waits for a claimed
 * hash or starts a checksum process.
 */
final class SourceDigests {

    private final Map<String, CompletableFuture<String>> known = new ConcurrentHashMap<>();

    /**
     * Claims the hash of {@code path}: the caller computes it and hands it to {@link #settle}.
     *
     * @return the claim, or null when another copy has claimed or computed it already
     */
    CompletableFuture<String> claim(Executor src, String path, long size) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        return known.putIfAbsent(key(src, path, size), mine) == null ? mine : null;
    }

    /**
     * The claimed hash is known ({@code sha256}), or could not be computed (null): then whoever asks next
     * starts a checksum process. Only the first settle of a claim counts.
     */
    void settle(Executor src, String path, long size, CompletableFuture<String> claim, String sha256) {
        if (claim == null || claim.isDone()) {
            return;
        }
        if (sha256 != null) {
            claim.complete(sha256);
        } else {
            known.remove(key(src, path, size), claim);
            claim.completeExceptionally(new CopyException("the upload did not hash " + path));
        }
    }

    /** The hash: a claimed or earlier one when there is one, else one checksum process on the source. */
    CompletableFuture<String> sha256(Executor src, String path, long size, Deadline deadline) {
        String key = key(src, path, size);
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> first = known.putIfAbsent(key, mine);
        if (first != null) {
            // A claim that failed is removed before it fails: asking again computes it (or finds a newer one).
            // A caller that gives up cancels its own view, not the others'.
            return first.handle((sha, failure) -> failure == null ? CompletableFuture.completedFuture(sha)
                    : sha256(src, path, size, deadline)).thenCompose(f -> f);
        }
        RemoteCommands.sha256(src, path, deadline).whenComplete((sha, failure) -> {
            if (failure != null) {
                known.remove(key, mine); // a failed hash is not everyone's answer: the next destination tries again
                mine.completeExceptionally(failure);
            } else {
                mine.complete(sha);
            }
        });
        return mine.thenApply(sha -> sha);
    }

    private static String key(Executor src, String path, long size) {
        return src.id() + "\u0000" + path + "\u0000" + size;
    }
}
