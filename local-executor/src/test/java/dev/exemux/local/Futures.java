package dev.exemux.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Await;
import dev.exemux.executor.RemoteCallException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Bounded waits for tests: nothing may hang a build. */
final class Futures {

    static final Duration WAIT = Duration.ofSeconds(15);

    private Futures() {}

    static <T> T await(CompletableFuture<T> future) {
        return Await.result(future, WAIT, "local", "test call");
    }

    /** Asserts the call fails with {@code reason} and a message fit for a user, and returns the failure. */
    static RemoteCallException failure(CompletableFuture<?> future, RemoteCallException.Reason reason) {
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> await(future));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals("local", e.exeId());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), e.getMessage());
        assertTrue(e.getStackTrace().length == 0, "executor exceptions carry no stack trace");
        return e;
    }
}
