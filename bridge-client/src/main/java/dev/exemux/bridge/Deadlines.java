package dev.exemux.bridge;

import dev.exemux.executor.ExecutorException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Bounds an operation in time, and cleans up what it produced if that arrives too late. */
final class Deadlines {

    private Deadlines() {}

    static <T> CompletableFuture<T> within(CompletableFuture<T> operation, Duration limit, ScheduledExecutorService timer,
            Supplier<ExecutorException> onTimeout, Consumer<T> discardLate) {
        CompletableFuture<T> result = new CompletableFuture<>();
        var task = timer.schedule(() -> result.completeExceptionally(onTimeout.get()), limit.toMillis(), TimeUnit.MILLISECONDS);
        operation.whenComplete((value, error) -> {
            task.cancel(false);
            boolean delivered = error == null ? result.complete(value) : result.completeExceptionally(error);
            if (!delivered && value != null) {
                discardLate.accept(value);
            }
        });
        return result;
    }
}
