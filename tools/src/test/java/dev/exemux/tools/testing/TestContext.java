package dev.exemux.tools.testing;

import dev.exemux.tools.spi.ToolContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tool call's context as the MCP server would give it: a deadline, recorded progress, and cancellation. */
public final class TestContext implements ToolContext {

    private final Instant deadline;
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public TestContext(Duration budget) {
        this.deadline = Instant.now().plus(budget);
    }

    /** The budget an MCP client gives a call (it gives up after about 60 s). */
    public static TestContext standard() {
        return new TestContext(Duration.ofSeconds(55));
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public void progress(double value, Double total, String message) {
        progress.add(value + " " + message);
    }

    public List<String> progressMessages() {
        return progress;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        if (cancelled) {
            action.run();
        } else {
            onCancel.add(action);
        }
    }

    /** Plays the client's {@code notifications/cancelled}. */
    public void cancel() {
        cancelled = true;
        onCancel.forEach(Runnable::run);
    }
}
