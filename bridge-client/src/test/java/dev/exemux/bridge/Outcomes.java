package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How tests wait for executor futures: a hang is a failure of its own, never a stuck build. */
final class Outcomes {

    private Outcomes() {}

    /** The value of {@code f}, which must succeed within 60 s (generous: only a hang reaches it). */
    static <T> T value(CompletableFuture<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("call failed: " + e, e);
        }
    }

    /** The failure of {@code f}, which must come within {@code within}. */
    static Throwable failure(CompletableFuture<?> f, Duration within) {
        try {
            Object v = f.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("still not finished after " + within.toMillis() + " ms: the call hangs");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** True if {@code f} fails, false if it succeeds, within {@code within} (else the test fails: a hang). */
    static boolean failsWithin(CompletableFuture<?> f, Duration within) {
        try {
            f.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return fail("still not finished after " + within.toMillis() + " ms: the call hangs");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A loopback port nobody listens on (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
