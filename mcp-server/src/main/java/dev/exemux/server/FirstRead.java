package dev.exemux.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * stdin, whose first bytes are read as soon as the client sends them (a client writes its first request
 * right after it starts the server), so that start-up can tell which protocol era the client speaks and
 * warm that era first ({@link Warmup}); the bytes are then replayed to the real reader unchanged.
 * The guess only orders the warm-up: it never decides how a message is served.
 */
final class FirstRead extends BlockInputStream {

    /** The era the first request belongs to, as far as its first bytes tell. */
    enum Era { LEGACY, MODERN, UNKNOWN }

    private static final int FIRST_READ = 64 * 1024;

    private final InputStream in;
    private final CompletableFuture<byte[]> first = new CompletableFuture<>();
    private byte[] replay;
    private int pos;

    FirstRead(InputStream in) {
        this.in = in;
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[FIRST_READ];
                int n = in.read(buf);
                first.complete(n <= 0 ? new byte[0] : Arrays.copyOf(buf, n));
            } catch (IOException | RuntimeException e) {
                first.completeExceptionally(e);
            }
        }, "exemux-first-read");
        t.setDaemon(true);
        t.start();
    }

    /** Completes once the first bytes arrived (or stdin ended or failed). */
    CompletableFuture<Era> era() {
        return first.thenApply(FirstRead::eraOf).exceptionally(e -> Era.UNKNOWN);
    }

    static Era eraOf(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("\"initialize\"")) {
            return Era.LEGACY;
        }
        return text.contains("server/discover") || text.contains("io.modelcontextprotocol/protocolVersion") ? Era.MODERN : Era.UNKNOWN;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (replay == null) {
            try {
                replay = first.join();
            } catch (CompletionException e) {
                replay = new byte[0];
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        if (pos < replay.length) {
            int n = Math.min(len, replay.length - pos);
            System.arraycopy(replay, pos, b, off, n);
            pos += n;
            return n;
        }
        return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
