package dev.exemux.tools.files;

import dev.exemux.executor.ExecutorException;
import dev.exemux.tools.files.PatchPlan.Change;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * apply_patch's second phase: writes the planned changes in patch order, each file atomically
 * (temporary + rename, mode kept), and journals each step. When a step fails, the steps done are
 * undone in reverse (old content written back, added files removed, moves moved back) and the error
 * says exactly what was undone and what could not be. Part of the call's time is kept back for that.
 */
final class PatchWriter {

    private static final Duration MAX_RESERVE = Duration.ofSeconds(10);

    /** A step done, and how to undo it. */
    private record Step(String description, Runnable undo) {}

    private final ExecutorCall call;
    private final ExecutorCall writing;
    private final List<Step> journal = new ArrayList<>();

    private PatchWriter(ExecutorCall call, ExecutorCall writing) {
        this.call = call;
        this.writing = writing;
    }

    static void write(ExecutorCall call, List<Change> changes) {
        ExecutorCall writing = call.withDeadline(reservedDeadline(call.context()));
        new PatchWriter(call, writing).writeAll(changes);
    }

    /** The writes end early enough to leave a quarter of the remaining time (at most 10 s) for undoing them. */
    private static Instant reservedDeadline(ToolContext context) {
        Duration reserve = context.remaining().dividedBy(4);
        return context.deadline().minus(reserve.compareTo(MAX_RESERVE) > 0 ? MAX_RESERVE : reserve);
    }

    private void writeAll(List<Change> changes) {
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            try {
                apply(c);
            } catch (RuntimeException e) {
                throw failed(c, e, changes.subList(i + 1, changes.size()));
            }
        }
    }

    private void apply(Change c) {
        switch (c.action()) {
            case ADD -> {
                AtomicWriter.write(writing, c.path(), c.after(), true, null);
                journal.add(new Step("removed the added " + c.path(), () -> call.await(call.executor().remove(c.path(), false, true),
                        "remove " + c.path())));
            }
            case UPDATE -> update(c);
            case DELETE -> {
                writing.await(writing.executor().remove(c.path(), false, false), "delete " + c.path());
                journal.add(new Step("restored the deleted " + c.path() + " (its content; not its permissions)",
                        () -> AtomicWriter.write(call, c.path(), c.before(), true, null)));
            }
            case MOVE -> {
                if (!java.util.Arrays.equals(c.before(), c.after())) {
                    update(c);
                }
                String parent = RemotePath.parent(c.moveTo());
                if (writing.statOrNull(parent) == null) {
                    writing.await(writing.executor().createDirectory(parent, true), "create directory " + parent);
                }
                writing.await(writing.executor().move(c.path(), c.moveTo()), "move " + c.path() + " to " + c.moveTo());
                journal.add(new Step("moved " + c.moveTo() + " back to " + c.path(),
                        () -> call.await(call.executor().move(c.moveTo(), c.path()), "move " + c.moveTo() + " back to " + c.path())));
            }
        }
    }

    private void update(Change c) {
        AtomicWriter.write(writing, c.path(), c.after(), false, c.meta(),
                () -> EditFileTool.requireUnchanged(writing, c.path(), c.meta(), "apply_patch"));
        journal.add(new Step("restored the previous content of " + c.path(),
                () -> AtomicWriter.write(call, c.path(), c.before(), false, null)));
    }

    /** Undoes the journal in reverse and says exactly where things stand. */
    private ToolException failed(Change failedChange, RuntimeException cause, List<Change> notReached) {
        List<String> undone = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        for (int i = journal.size() - 1; i >= 0; i--) {
            Step step = journal.get(i);
            try {
                step.undo().run();
                undone.add(step.description());
            } catch (RuntimeException e) {
                stuck.add(step.description() + " FAILED: " + reason(e));
            }
        }
        StringBuilder s = new StringBuilder("The patch was not applied: writing ").append(failedChange.shownPath())
                .append(" failed: ").append(reason(cause));
        if (journal.isEmpty()) {
            s.append("\nNothing had been written before it.");
        } else if (stuck.isEmpty()) {
            s.append("\nThe files written before it were put back (").append(String.join("; ", undone))
                    .append("), so no file is changed.");
        } else {
            s.append("\nUndoing the files written before it did not fully work. ");
            if (!undone.isEmpty()) {
                s.append("Undone: ").append(String.join("; ", undone)).append(". ");
            }
            s.append("NOT undone (these keep the patch's change): ").append(String.join("; ", stuck))
                    .append(". Check them with read_file before retrying.");
        }
        if (!notReached.isEmpty()) {
            s.append("\nNot touched: ").append(String.join(", ", notReached.stream().map(Change::shownPath).toList())).append('.');
        }
        return new ToolException(s.toString());
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ToolException || e instanceof ExecutorException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
