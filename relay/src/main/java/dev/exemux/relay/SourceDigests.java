package dev.exemux.relay;

import dev.exemux.executor.Executor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source's SHA-256 for the relay path's check. A fan-out copy shares one: the source file is hashed
 * once, not once per destination (each destination is still hashed and compared on its own).
 */
final class SourceDigests {

    private final Map<String, CompletableFuture<String>> known;

    private SourceDigests(Map<String, CompletableFuture<String>> known) {
        this.known = known;
    }

    /** Hashes every time (one copy). */
    static SourceDigests none() {
        return new SourceDigests(null);
    }

    /** Hashes each (executor, path, size) once. */
    static SourceDigests shared() {
        return new SourceDigests(new ConcurrentHashMap<>());
    }

    CompletableFuture<String> sha256(Executor src, String path, long size, Deadline deadline) {
        if (known == null) {
            return RemoteCommands.sha256(src, path, deadline);
        }
        String key = src.id() + "\u0000" + path + "\u0000" + size;
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> first = known.putIfAbsent(key, mine);
        if (first != null) {
            return first.thenApply(sha -> sha); // a caller that gives up cancels its own view, not the others'
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
}
