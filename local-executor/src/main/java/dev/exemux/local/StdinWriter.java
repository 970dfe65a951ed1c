package dev.exemux.local;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to one process's stdin, in call order, on its own thread: a child that stops reading blocks
 * only its own writes, never the shared file pool. Like the remote peer, a write to a process whose stdin
 * is gone (it exited or closed it) completes quietly.
 */
final class StdinWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StdinWriter.class);

    private final String processId;
    private final OutputStream stdin;
    private final ThreadPoolExecutor thread;

    StdinWriter(String processId, OutputStream stdin) {
        this.processId = processId;
        this.stdin = stdin;
        this.thread = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> DaemonThreads.start("exemux-local-" + processId + "-stdin", task, false));
    }

    CompletableFuture<Void> write(byte[] chunk) {
        byte[] data = chunk.clone();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    stdin.write(data);
                    stdin.flush();
                } catch (IOException e) {
                    LOG.debug("stdin of process {} is closed; {} bytes dropped", processId, data.length);
                }
                done.complete(null);
            });
        } catch (RejectedExecutionException e) {
            done.complete(null); // the process has ended
        }
        return done;
    }

    /** After the process ended: writes already queued run (and fail quietly), later ones are dropped. */
    void close() {
        thread.shutdown();
    }
}
