package dev.exemux.tools.process;

import dev.exemux.executor.AuthenticationException;
import dev.exemux.executor.Await;
import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorForbiddenException;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.UnknownExecutorException;
import dev.exemux.tools.spi.ToolErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One exec_many: the same command started as a session on each executor, at most {@code concurrency}
 * starts in flight at once. Starts are asynchronous (no thread per executor); every start and every
 * session change signals the {@link SessionWatch} the call waits on.
 */
final class FleetRun {

    /** How the start on one executor stands. */
    final class Launch {
        final String exeId;
        volatile ProcessSession session;
        volatile Throwable failure;
        /** The executor answered the start, either way. */
        volatile boolean settled;

        Launch(String exeId) {
            this.exeId = exeId;
        }

        /** Nothing more will happen here: it failed, or its process ended. */
        boolean done() {
            return failure != null || (settled && session != null && session.ended());
        }
    }

    private final ExecutorResolver resolver;
    private final SessionRegistry registry;
    private final Command command;
    private final String cwd;
    private final Map<String, String> env;
    private final long timeoutMs;
    private final int captureChars;
    private final int concurrency;
    private final SessionWatch watch;
    private final List<Launch> launches = new ArrayList<>();
    private int next;
    private int inFlight;
    private volatile boolean closed;

    FleetRun(ExecutorResolver resolver, SessionRegistry registry, List<String> exeIds, Command command, String cwd,
             Map<String, String> env, long timeoutMs, int captureChars, int concurrency, SessionWatch watch) {
        this.resolver = resolver;
        this.registry = registry;
        this.command = command;
        this.cwd = cwd;
        this.env = env;
        this.timeoutMs = timeoutMs;
        this.captureChars = captureChars;
        this.concurrency = concurrency;
        this.watch = watch;
        exeIds.forEach(id -> launches.add(new Launch(id)));
    }

    List<Launch> launches() {
        return launches;
    }

    /** Starts as many as the concurrency allows; each start that settles makes room for the next. */
    void pump() {
        while (true) {
            Launch launch;
            synchronized (this) {
                if (closed || inFlight >= concurrency || next >= launches.size()) {
                    return;
                }
                inFlight++;
                launch = launches.get(next++);
            }
            launch(launch);
        }
    }

    private void launch(Launch launch) {
        Executor executor;
        try {
            executor = resolver.resolve(launch.exeId);
        } catch (RuntimeException e) {
            settle(launch, e);
            return;
        }
        ProcessSession session = registry.create(launch.exeId, command.display(), false, timeoutMs, captureChars);
        launch.session = session;
        watch.add(session);
        if (closed) { // cancelled while this one was being set up
            registry.discard(session);
            settle(launch, new java.util.concurrent.CancellationException("cancelled before it started"));
            return;
        }
        CompletableFuture<ProcessSpec> spec = (command.isShellString()
                ? executor.describe().thenApply(info -> command.argv(info.shell()))
                : CompletableFuture.completedFuture(command.argv(null)))
                .thenApply(argv -> new ProcessSpec(argv, cwd, env, false, false));
        registry.start(executor, spec, session).whenComplete((handle, failure) -> {
            if (failure != null) {
                registry.abandon(session);
            }
            settle(launch, failure);
        });
    }

    private void settle(Launch launch, Throwable failure) {
        if (failure != null) {
            launch.failure = Await.unwrap(failure);
        }
        launch.settled = true;
        synchronized (this) {
            inFlight--;
        }
        watch.signal();
        pump();
    }

    /** No further starts (the call is returning). */
    void close() {
        closed = true;
    }

    /** Terminates every process this run started or is starting, and starts no more. */
    void cancel() {
        closed = true;
        for (Launch l : launches) {
            ProcessSession s = l.session;
            if (s != null) {
                s.stop(ProcessSession.StopCause.CANCELLED);
            }
        }
        watch.signal();
    }

    int doneCount() {
        return (int) launches.stream().filter(Launch::done).count();
    }

    boolean allDone() {
        return launches.stream().allMatch(Launch::done);
    }

    boolean allSettled() {
        return launches.stream().allMatch(l -> l.settled);
    }

    /** The state exec_many reports for a failed start, from what it failed with. */
    static String failureState(Throwable t) {
        if (t instanceof UnknownExecutorException || t instanceof ExecutorForbiddenException
                || t instanceof AuthenticationException) {
            return "refused";
        }
        if (t instanceof ExecutorOfflineException || t instanceof ConnectionLostException) {
            return "unreachable";
        }
        if (t instanceof DeadlineExceededException) {
            return "no_answer";
        }
        return "failed";
    }

    /** A failure's message, written for a model (never a stack trace). */
    static String failureMessage(Throwable t) {
        return ToolErrors.toResult("exec_many", t).text();
    }
}
