package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.Executor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Temporaries whose removal fails while the executor's connection is down are removed once it is back. */
class TemporariesTest {

    @Test
    void aRemovalLostToADroppedConnectionIsTriedAgainInTheBackground() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch removed = new CountDownLatch(1);
        Executor executor = (Executor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Executor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "box";
                    case "remove" -> {
                        if (attempts.incrementAndGet() <= 2) {
                            yield CompletableFuture.failedFuture(new ConnectionLostException("box",
                                    "Connection to executor 'box' lost: the network connection dropped.", null));
                        }
                        removed.countDown();
                        yield CompletableFuture.completedFuture(null);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Temporaries temporaries = new Temporaries();
        temporaries.track(executor, "/tmp/.f.exemux-0000.part");
        long start = System.nanoTime();
        temporaries.removeAll(Deadline.in(Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "the copy's failure is not held up by the retries");
        assertTrue(removed.await(20, TimeUnit.SECONDS), "removed once the executor answers again");
        assertEquals(3, attempts.get());
    }
}
