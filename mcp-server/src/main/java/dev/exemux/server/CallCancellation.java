package dev.exemux.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cancellation state of one request: set by {@code notifications/cancelled} (or by the server
 * when a call overruns its deadline), observed by the tool through its context.
 */
final class CallCancellation {

    private static final Logger log = LoggerFactory.getLogger(CallCancellation.class);

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancellation, or at once when already cancelled. */
    void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        runQuietly(action);
    }

    /** Cancels and runs every registered action once, on this thread; later calls do nothing. */
    void cancel() {
        cancel(Runnable::run);
    }

    /**
     * Cancels at once ({@link #isCancelled} is true on return) and runs the registered actions on
     * {@code runner}, for callers that must not wait for them.
     */
    void cancel(Executor runner) {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        if (!toRun.isEmpty()) {
            runner.execute(() -> toRun.forEach(CallCancellation::runQuietly));
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("A cancellation action failed: {}", e.toString());
            log.debug("Cancellation action failure", e);
        }
    }
}
