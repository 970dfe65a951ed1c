package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {

    @Test
    void synchronousAnswersDoNotOverflowTheStack() throws Exception {
        List<Integer> items = IntStream.range(0, 20_000).boxed().toList();
        List<Integer> out = BoundedParallel.map(items, 16, i -> CompletableFuture.completedFuture(i * 2)).get(5, TimeUnit.SECONDS);
        assertEquals(20_000, out.size());
        assertEquals(39_998, out.get(19_999));
    }

    @Test
    void keepsOrderBoundsInFlightAndTurnsFailuresIntoNulls() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Integer> items = IntStream.range(0, 200).boxed().toList();
            List<Integer> out = BoundedParallel.map(items, 4, i -> CompletableFuture.supplyAsync(() -> {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                if (i == 7) {
                    throw new IllegalStateException("entry vanished");
                }
                return i;
            }, pool)).get(10, TimeUnit.SECONDS);
            assertTrue(peak.get() <= 4, "peak " + peak.get());
            assertNull(out.get(7));
            assertEquals(199, out.get(199));
        } finally {
            pool.shutdownNow();
        }
    }
}
