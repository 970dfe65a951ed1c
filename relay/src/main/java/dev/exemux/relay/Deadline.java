package dev.exemux.relay;

import dev.exemux.executor.Await;
import dev.exemux.executor.DeadlineExceededException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A point in time every wait of one copy is bounded by. */
final class Deadline {

    private final Instant at;

    private Deadline(Instant at) {
        this.at = at;
    }

    static Deadline in(Duration d) {
        return new Deadline(Instant.now().plus(d));
    }

    Duration remaining() {
        Duration left = Duration.between(Instant.now(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    boolean passed() {
        return !Instant.now().isBefore(at);
    }

    /** An earlier deadline that leaves {@code reserve} (at most half of what is left) for clean-up. */
    Deadline reserving(Duration reserve) {
        Duration left = remaining();
        Duration keep = reserve.compareTo(left.dividedBy(2)) > 0 ? left.dividedBy(2) : reserve;
        return new Deadline(at.minus(keep));
    }

    /** Waits for {@code future} until the deadline; failures surface as the executor reported them. */
    <T> T await(CompletableFuture<T> future, String exeId, String what) {
        if (passed()) {
            future.cancel(true);
            throw new DeadlineExceededException(exeId, what + " on '" + exeId + "' had no time left before the deadline.");
        }
        return Await.result(future, remaining(), exeId, what);
    }
}
