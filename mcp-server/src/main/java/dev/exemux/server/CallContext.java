package dev.exemux.server;

import dev.exemux.tools.spi.ToolContext;
import java.time.Instant;

/**
 * The {@link ToolContext} of one {@code tools/call}. It is cancelled when the client cancels the
 * request or when the call overruns its deadline; progress is forwarded only while the call runs,
 * and only when it increases (MCP requires increasing progress).
 */
final class CallContext implements ToolContext, AutoCloseable {

    /** Sends one progress notification to the client. */
    @FunctionalInterface
    interface ProgressSink {
        void send(double progress, Double total, String message);
    }

    private final Instant deadline;
    private final CallCancellation cancellation = new CallCancellation();
    private final ProgressSink progress;
    private double lastProgress = Double.NEGATIVE_INFINITY;
    private boolean closed;

    /**
     * @param clientCancellation the request's cancellation by the client
     * @param progress where progress goes, or null when the client sent no progress token
     */
    CallContext(Instant deadline, CallCancellation clientCancellation, ProgressSink progress) {
        this.deadline = deadline;
        this.progress = progress;
        clientCancellation.onCancel(cancellation::cancel);
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public void progress(double value, Double total, String message) {
        if (progress == null) {
            return;
        }
        synchronized (this) {
            // After a cancellation the client has forgotten the token: progress would only confuse it.
            if (closed || cancellation.isCancelled() || !(value > lastProgress)) {
                return;
            }
            lastProgress = value;
        }
        progress.send(value, total, message);
    }

    @Override
    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    @Override
    public void onCancel(Runnable action) {
        cancellation.onCancel(action);
    }

    /** Stops the call from the server side (it overran its deadline). */
    void cancel() {
        cancellation.cancel();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
