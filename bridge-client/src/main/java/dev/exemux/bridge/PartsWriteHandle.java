package dev.exemux.bridge;

import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.WriteHandle;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * For releases without fs/writeBlock (before 0.161): the data goes out as part files of up to
 * {@link RemoteExecutor#MAX_PIECE} each, joined with {@code cat} at the end. Memory stays bounded by
 * one part being filled plus the parts in flight.
 */
final class PartsWriteHandle implements WriteHandle {

    private final RemoteExecutor owner;
    private final String path;
    private final long size;
    private final List<String> parts = new ArrayList<>();
    private final ByteArrayOutputStream filling = new ByteArrayOutputStream();
    private CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    private long total;
    private boolean aborted;

    PartsWriteHandle(RemoteExecutor owner, String path, long size) {
        this.owner = owner;
        this.path = path;
        this.size = size;
    }

    @Override
    public synchronized CompletableFuture<Void> write(byte[] chunk) {
        if (aborted) {
            return CompletableFuture.failedFuture(new IllegalStateException("write after abort"));
        }
        total += chunk.length;
        CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
        int from = 0;
        while (from < chunk.length) {
            int take = Math.min(chunk.length - from, RemoteExecutor.MAX_PIECE - filling.size());
            filling.write(chunk, from, take);
            from += take;
            if (filling.size() == RemoteExecutor.MAX_PIECE) {
                sent = CompletableFuture.allOf(sent, flush());
            }
        }
        return sent;
    }

    private CompletableFuture<Void> flush() {
        String part = path + ".exemux-part-" + parts.size();
        parts.add(part);
        CompletableFuture<Void> sent = owner.writeFile(part, filling.toByteArray());
        filling.reset();
        all = CompletableFuture.allOf(all, sent);
        return sent;
    }

    @Override
    public CompletableFuture<Void> finish() {
        CompletableFuture<Void> written;
        List<String> names;
        synchronized (this) {
            if (total != size) {
                return abort().thenCompose(v -> CompletableFuture.failedFuture(new RemoteCallException(owner.id(),
                        RemoteCallException.Reason.OTHER, 0, "wrote " + total + " of " + size + " bytes to " + path)));
            }
            if (filling.size() > 0 || parts.isEmpty()) {
                flush();
            }
            written = all;
            names = List.copyOf(parts);
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "out=\"$1\"; shift; cat -- \"$@\" > \"$out\" && rm -f -- \"$@\"", "sh", path));
        argv.addAll(names);
        return written.thenCompose(v -> ProcessRunner.run(owner, argv))
                .thenAccept(r -> r.requireSuccess(owner.id(), "joining the parts of " + path))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        removeParts();
                    }
                });
    }

    @Override
    public CompletableFuture<Void> abort() {
        synchronized (this) {
            if (aborted) {
                return CompletableFuture.completedFuture(null);
            }
            aborted = true;
        }
        return all.handle((v, e) -> null).thenCompose(v -> removeParts())
                .thenCompose(v -> owner.remove(path, false, true)).exceptionally(e -> null);
    }

    private CompletableFuture<Void> removeParts() {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(parts);
        }
        return CompletableFuture.allOf(names.stream()
                .map(p -> owner.remove(p, false, true).exceptionally(e -> null))
                .toArray(CompletableFuture[]::new));
    }
}
