package dev.exemux.tools.files;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Runs an async operation over many items with at most {@code width} in flight, keeping input order. */
public final class BoundedParallel {

    private BoundedParallel() {}

    /** Each result, or null where the operation failed: one unreadable entry must not sink a listing. */
    public static <T, R> CompletableFuture<List<R>> map(List<T> items, int width, Function<T, CompletableFuture<R>> operation) {
        List<R> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(null);
        }
        CompletableFuture<List<R>> done = new CompletableFuture<>();
        if (items.isEmpty()) {
            done.complete(results);
            return done;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        BiConsumer<Integer, CompletableFuture<R>> record = (i, f) -> {
            R value = f.isCompletedExceptionally() || f.isCancelled() ? null : f.join();
            synchronized (results) {
                results.set(i, value);
            }
            if (finished.incrementAndGet() == items.size()) {
                synchronized (results) {
                    done.complete(new ArrayList<>(results));
                }
            }
        };
        Runnable[] launch = new Runnable[1];
        launch[0] = () -> {
            // A loop, not recursion: executors that answer synchronously would otherwise overflow the stack.
            while (true) {
                int i = next.getAndIncrement();
                if (i >= items.size() || done.isDone()) {
                    return;
                }
                CompletableFuture<R> f;
                try {
                    f = operation.apply(items.get(i));
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                if (f.isDone()) {
                    record.accept(i, f);
                    continue;
                }
                CompletableFuture<R> pending = f;
                pending.whenComplete((value, error) -> {
                    record.accept(i, pending);
                    launch[0].run();
                });
                return;
            }
        };
        for (int k = 0; k < Math.min(width, items.size()); k++) {
            launch[0].run();
        }
        return done;
    }
}
