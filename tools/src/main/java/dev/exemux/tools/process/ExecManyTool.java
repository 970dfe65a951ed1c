package dev.exemux.tools.process;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code exec_many}: one command on many executors at once; waits up to yield_ms for all of them and
 * reports them grouped by outcome and output. Processes still running are sessions like exec_command's.
 */
final class ExecManyTool extends ProcessTool {

    static final int DEFAULT_CONCURRENCY = 32;
    /** yield_ms is about the exit: a start is waited for at least this long, whatever yield_ms says. */
    static final long MIN_START_WAIT_MS = 5_000;
    /** Output buffered over all sessions of one call (each keeps head and tail of two streams, 4 bytes a character). */
    private static final int CAPTURE_BUDGET_BYTES = 16 << 20;

    private final ExecutorResolver resolver;

    ExecManyTool(ExecutorResolver resolver, SessionRegistry registry) {
        super(new ToolDefinition("exec_many", "Run a command on many executors",
                "Runs one command on many executors at once (arguments as exec_command), waiting up to yield_ms for all."
                        + " Returns a summary line, then executors grouped by identical output, failures first, within"
                        + " max_output_chars in all; those still running get session_ids.",
                Schema.object()
                        .required("exe_ids", Schema.arrayOf("Ids and globs, at most " + FleetTargets.MAX_EXECUTORS + ".",
                                TERSE_STRING))
                        .required("command", Schema.anyOf("Shell string or argv array.", TERSE_STRING,
                                Schema.arrayOf(null, TERSE_STRING)))
                        .optional("cwd", Schema.string("Absolute path."))
                        .optional("env", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "object")
                                .put("description", "Variables."))
                        .optional("timeout_ms", Schema.integer("Default 30 min."))
                        .optional("yield_ms", Schema.integer("Default " + DEFAULT_YIELD_MS + "."))
                        .optional("max_output_chars", Schema.integer("Default " + DEFAULT_MAX_OUTPUT_CHARS + "."))
                        .optional("concurrency", Schema.integer("Default " + DEFAULT_CONCURRENCY + "."))
                        .closed()
                        .build(),
                FleetReport.SCHEMA, false, true, false), registry);
        this.resolver = resolver;
    }

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        List<String> given = args.optionalStringList("exe_ids");
        if (given == null) {
            throw new ToolException("Missing required argument 'exe_ids': an array of exe_ids and globs such as [\"build-*\"].");
        }
        Command command = Command.parse(args.raw("command"));
        String cwd = args.has("cwd") ? args.absolutePath("cwd") : null;
        Map<String, String> env = args.optionalStringMap("env");
        env.forEach(ExecCommandTool::checkVariable);
        long timeoutMs = args.optionalLong("timeout_ms", ExecCommandTool.DEFAULT_TIMEOUT_MS, 1, ExecCommandTool.MAX_TIMEOUT_MS);
        long yieldMs = yieldMs(args);
        int budget = maxOutputChars(args);
        int concurrency = args.optionalInt("concurrency", DEFAULT_CONCURRENCY, 1, FleetTargets.MAX_EXECUTORS);
        FleetTargets targets = FleetTargets.resolve("exe_ids", given, resolver.list());
        if (ctx.isCancelled()) {
            throw new CancellationException();
        }

        long startNanos = System.nanoTime();
        int n = targets.exeIds().size();
        int captureChars = Math.max(MIN_OUTPUT_CHARS, Math.min(budget, CAPTURE_BUDGET_BYTES / (8 * n)));
        try (SessionWatch watch = new SessionWatch(0)) {
            FleetRun run = new FleetRun(resolver, registry, targets.exeIds(), command, cwd, env, timeoutMs, captureChars,
                    concurrency, watch);
            AtomicBoolean returned = new AtomicBoolean();
            ctx.onCancel(() -> {
                if (!returned.get()) {
                    run.cancel();
                }
                watch.signal();
            });
            try {
                long exitDeadline = waitDeadline(ctx, yieldMs);
                long startDeadline = waitDeadline(ctx, Math.max(yieldMs, MIN_START_WAIT_MS));
                run.pump();
                Runnable progress = progress(ctx, run, n);
                watch.await(() -> {
                    progress.run();
                    return run.allDone();
                }, exitDeadline, ctx, progress);
                if (!run.allSettled() && !ctx.isCancelled()) {
                    // yield_ms is about the exit: a start still gets its few seconds.
                    watch.await(run::allSettled, startDeadline, ctx, progress);
                }
                progress.run(); // the final count
                run.close();
                if (ctx.isCancelled()) {
                    run.cancel();
                    return ToolResult.error("exec_many was cancelled; the processes it started on " + n
                            + " executor(s) were terminated.");
                }
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                return FleetReport.of(outcomes(run, elapsedMs), targets, elapsedMs, budget);
            } finally {
                returned.set(true);
            }
        }
    }

    private List<FleetReport.Outcome> outcomes(FleetRun run, long elapsedMs) {
        List<FleetReport.Outcome> outcomes = new ArrayList<>();
        for (FleetRun.Launch l : run.launches()) {
            // In this order: a start settles after its failure is set, so a settled one shows its failure here.
            boolean settled = l.settled;
            Throwable failure = l.failure;
            ProcessSession session = l.session;
            if (failure != null) {
                outcomes.add(FleetReport.Outcome.failed(l.exeId, FleetRun.failureState(failure), FleetRun.failureMessage(failure)));
            } else if (session == null) {
                outcomes.add(FleetReport.Outcome.failed(l.exeId, "failed", "Not started on '" + l.exeId + "': the call's"
                        + " time ran out while it waited for a free slot (concurrency). Nothing runs there; raise"
                        + " concurrency or run it again."));
            } else if (!settled) {
                registry.abandon(session);
                outcomes.add(FleetReport.Outcome.failed(l.exeId, "no_answer", "exe_id '" + l.exeId + "' did not confirm the"
                        + " start within " + OutputReport.duration(elapsedMs) + " (unreachable or overloaded); should it start"
                        + " late it is terminated, so nothing runs there."));
            } else {
                outcomes.add(FleetReport.Outcome.of(session.drain()));
            }
        }
        return outcomes;
    }

    /** Progress for a client that asked: executors done so far, sent when the count changes. */
    private static Runnable progress(ToolContext ctx, FleetRun run, int total) {
        int[] last = {-1};
        return () -> {
            int done = run.doneCount();
            if (done == last[0]) {
                return;
            }
            last[0] = done;
            try {
                ctx.progress(done, (double) total, done + " of " + total + " executors done");
            } catch (RuntimeException ignored) {
                // Progress is a courtesy; it never breaks the wait.
            }
        };
    }
}
