package dev.exemux.executor;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking waits on executor futures that never outlive their deadline. */
public final class Await {

    private Await() {}

    /**
     * Waits for {@code future} at most {@code timeout}; on timeout cancels it and throws
     * {@link DeadlineExceededException}. Failures surface as the {@link ExecutorException} they carry.
     */
    public static <T> T result(CompletableFuture<T> future, Duration timeout, String exeId, String what) {
        try {
            return future.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DeadlineExceededException(
                    exeId, what + " on '" + exeId + "' did not finish within " + describe(timeout) + ".");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException(what + " was cancelled");
        } catch (CancellationException e) {
            throw e;
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** The {@link RuntimeException} a future failed with, unwrapped from completion wrappers. */
    public static RuntimeException unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new IllegalStateException(cause.getMessage(), cause);
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
