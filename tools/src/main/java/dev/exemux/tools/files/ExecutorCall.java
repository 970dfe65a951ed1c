package dev.exemux.tools.files;

import dev.exemux.executor.Await;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** One tool call's executor, with every wait bounded by what is left of the call's deadline. */
final class ExecutorCall {

    /** A clean-up after a failure waits at most this long, never past the call's deadline; it runs on regardless. */
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(5);

    private final Executor executor;
    private final ToolContext context;
    private final Instant started = Instant.now();

    private ExecutorCall(Executor executor, ToolContext context) {
        this.executor = executor;
        this.context = context;
    }

    /** Resolves the {@code exe_id} argument (a malformed one fails before any dial, an unknown one with the valid ids). */
    static ExecutorCall open(ExecutorResolver resolver, Args args, ToolContext context) {
        return new ExecutorCall(resolver.resolve(args.exeId("exe_id")), context);
    }

    /** The same executor with waits bounded by {@code deadline} (never later than the call's own). */
    ExecutorCall withDeadline(Instant deadline) {
        Instant bound = deadline.isBefore(context.deadline()) ? deadline : context.deadline();
        return new ExecutorCall(executor, new ToolContext() {
            @Override
            public Instant deadline() {
                return bound;
            }

            @Override
            public void progress(double progress, Double total, String message) {
                context.progress(progress, total, message);
            }

            @Override
            public boolean isCancelled() {
                return context.isCancelled();
            }

            @Override
            public void onCancel(Runnable action) {
                context.onCancel(action);
            }
        });
    }

    String exeId() {
        return executor.id();
    }

    Executor executor() {
        return executor;
    }

    ToolContext context() {
        return context;
    }

    /** Starts {@code operation} and waits for it, at most until the call's deadline. */
    <T> T await(Function<Executor, CompletableFuture<T>> operation, String what) {
        return await(operation.apply(executor), what);
    }

    /**
     * Waits for {@code future}, at most until the call's deadline. An error the executor answered with
     * is re-thrown (same reason) with what was being done: the peer's own text can be as bare as
     * "Not a directory (os error 20)".
     */
    <T> T await(CompletableFuture<T> future, String what) {
        try {
            return Await.result(future, context.remaining(), executor.id(), what);
        } catch (DeadlineExceededException e) {
            if (context.remaining().toMillis() > 0) {
                throw e; // the executor's own per-request timeout, which says what it waited for
            }
            // What was left of the deadline when this step began says nothing useful ("within 62 ms").
            throw new DeadlineExceededException(e.exeId(), what + " on '" + executor.id() + "' did not finish before the call's "
                    + "deadline: stopped after " + seconds(Duration.between(started, Instant.now())) + " of the "
                    + seconds(Duration.between(started, context.deadline())) + " this call may take.");
        } catch (RemoteCallException e) {
            String message = e.getMessage() == null ? e.reason().toString() : e.getMessage().strip();
            if (message.contains("failed on '" + executor.id() + "'")) {
                throw e; // already says what failed where (e.g. a helper command's error)
            }
            if (message.endsWith(".")) {
                message = message.substring(0, message.length() - 1);
            }
            throw new RemoteCallException(e.exeId(), e.reason(), e.code(),
                    what + " failed on '" + executor.id() + "': " + message + hint(e.reason()));
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String hint(RemoteCallException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> ". Check the path, e.g. with list_directory on a parent.";
            case NOT_A_DIRECTORY -> ". A part of the path is a file, not a directory.";
            case PERMISSION_DENIED -> ". The executor's user may not do this here.";
            default -> ".";
        };
    }

    /** Metadata of {@code path}, or null when it does not exist. */
    FileMetadata statOrNull(String path) {
        try {
            return await(executor.stat(path), "stat " + path);
        } catch (RemoteCallException e) {
            if (e.reason() == RemoteCallException.Reason.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Metadata of {@code path}; a missing path is a clear error. */
    FileMetadata statExisting(String path) {
        FileMetadata m = statOrNull(path);
        if (m == null) {
            throw new ToolException(path + " does not exist on '" + exeId() + "'. Check the path with list_directory on its parent.");
        }
        return m;
    }

    /** Starts a clean-up that must not wait for (or outlive the reason for) the failed call. */
    void bestEffort(Function<Executor, CompletableFuture<?>> cleanup) {
        try {
            CompletableFuture<?> f = cleanup.apply(executor);
            Await.result(f, Duration.ofMillis(Math.min(CLEANUP_WAIT.toMillis(), Math.max(1, context.remaining().toMillis()))),
                    executor.id(), "clean-up");
        } catch (RuntimeException ignored) {
            // The original failure is what the caller reports; the clean-up was best effort.
        }
    }
}
