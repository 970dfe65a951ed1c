package dev.exemux.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client requests between their arrival on stdin and their response on stdout, keyed by the JSON
 * text of their id ({@code 7} or {@code "a"}). The stdin filter adds them and routes cancellations;
 * the stdout channel removes them when their response goes out; tool handlers find their
 * cancellation here by the key the filter put into the request's {@code _meta}.
 */
final class InFlightRequests {

    private final ConcurrentHashMap<String, CallCancellation> requests = new ConcurrentHashMap<>();

    /** @return false when a request with this id is already in flight */
    boolean begin(String key) {
        return requests.putIfAbsent(key, new CallCancellation()) == null;
    }

    /** The request's cancellation, or a fresh one that nothing will cancel when it is unknown. */
    CallCancellation cancellation(String key) {
        CallCancellation c = key == null ? null : requests.get(key);
        return c != null ? c : new CallCancellation();
    }

    /**
     * Marks the request cancelled at once and runs its cancel actions on a thread of their own, so
     * that stopping a tool never holds up reading stdin.
     *
     * @return true when the request was in flight
     */
    boolean cancel(String key) {
        CallCancellation c = requests.get(key);
        if (c == null) {
            return false;
        }
        c.cancel(InFlightRequests::runDetached);
        return true;
    }

    private static void runDetached(Runnable actions) {
        Thread t = new Thread(actions, "exemux-cancel");
        t.setDaemon(true);
        t.start();
    }

    boolean isCancelled(String key) {
        CallCancellation c = requests.get(key);
        return c != null && c.isCancelled();
    }

    void end(String key) {
        if (requests.remove(key) != null) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    int size() {
        return requests.size();
    }

    /** The keys in flight, for the log. */
    List<String> keys() {
        return List.copyOf(requests.keySet());
    }

    /** Waits until no request is in flight, at most {@code limit}. @return true when none is */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (!requests.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Cancels every request still in flight (at shutdown), so tools stop what they started. */
    void cancelAll() {
        List.copyOf(requests.values()).forEach(CallCancellation::cancel);
    }
}
