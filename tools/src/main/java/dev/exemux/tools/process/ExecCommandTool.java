package dev.exemux.tools.process;

import dev.exemux.executor.Await;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code exec_command}: starts a process and waits for it up to yield_ms; a longer one becomes a session. */
final class ExecCommandTool extends ProcessTool {

    static final long DEFAULT_TIMEOUT_MS = 30 * 60 * 1000L;
    static final long MAX_TIMEOUT_MS = 7 * 24 * 3600 * 1000L;
    /** Where stdin content waits on the executor until the process opens it. */
    private static final String STDIN_DIR = "/tmp/";

    private final ExecutorResolver resolver;

    ExecCommandTool(ExecutorResolver resolver, SessionRegistry registry) {
        super(new ToolDefinition("exec_command", "Run a command",
                "Runs a command on an executor and waits up to yield_ms for it to finish. If it finishes, returns its exit"
                        + " code, stdout and stderr. If not, returns a session_id with the output so far; the process keeps"
                        + " running (until timeout_ms) and read_output waits for more. Stdin is empty unless you pass `stdin`"
                        + " (delivered followed by end-of-input) or start an interactive terminal with tty: true and type with"
                        + " write_stdin. Long output keeps its head and tail with a marker saying how much was omitted.",
                Schema.object()
                        .required("exe_id", Schema.exeId())
                        .required("command", Schema.anyOf("A shell string run with the executor's shell (\"make test 2>&1 | tail\"),"
                                        + " or an argv array run without a shell ([\"python3\", \"-c\", \"print(1)\"]).",
                                Schema.string("Shell command line."),
                                Schema.arrayOf("Program and arguments.", Schema.string("One argument."))))
                        .optional("cwd", Schema.string("Absolute working directory (default: the executor's)."))
                        .optional("env", Schema.stringMap("Environment variables to add or override."))
                        .optional("timeout_ms", Schema.integer("Hard limit from the start: the process is killed after it,"
                                + " and the result says so. Default " + DEFAULT_TIMEOUT_MS + " (30 min).", 1, MAX_TIMEOUT_MS))
                        .optional("yield_ms", yieldSchema("How long to wait for the process to end before returning a session_id."))
                        .optional("tty", Schema.bool("Run in a pseudo-terminal with stdin open for write_stdin (interactive"
                                + " programs, REPLs); stdout and stderr merge, and the call returns as soon as the program"
                                + " has printed something and gone quiet (e.g. shows its prompt). Default false."))
                        .optional("stdin", Schema.string("Text fed to the command's standard input, followed by end-of-input."
                                + " With tty: true it is typed into the terminal instead."))
                        .optional("max_output_chars", maxOutputCharsSchema())
                        .closed()
                        .build(),
                OutputReport.SCHEMA, false, true, false), registry);
        this.resolver = resolver;
    }

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        String exeId = args.exeId("exe_id");
        Command command = Command.parse(args.raw("command"));
        String cwd = args.has("cwd") ? args.absolutePath("cwd") : null;
        Map<String, String> env = args.optionalStringMap("env");
        env.forEach(ExecCommandTool::checkVariable);
        long timeoutMs = args.optionalLong("timeout_ms", DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
        long yieldMs = yieldMs(args);
        boolean tty = args.optionalBoolean("tty", false);
        String stdin = args.optionalString("stdin", null);
        int maxChars = maxOutputChars(args);
        if (ctx.isCancelled()) {
            throw new java.util.concurrent.CancellationException();
        }

        Executor executor = resolver.resolve(exeId);
        List<String> argv = command.argv(command.isShellString() ? shellOf(executor, exeId, ctx) : null);
        List<String> notes = new java.util.ArrayList<>();
        if (command.isShellString()) {
            notes.add("shell: " + argv.get(0));
        }
        if (tty && stdin != null && TerminalInput.longLineNote(stdin) != null) {
            notes.add(TerminalInput.longLineNote(stdin));
        }
        String stdinFile = null;
        if (stdin != null && !tty) {
            // A pipe to the process has no end-of-input on the wire; a file has one.
            stdinFile = STDIN_DIR + ".exemux-stdin-" + UUID.randomUUID();
            try {
                Await.result(executor.writeFile(stdinFile, stdin.getBytes(StandardCharsets.UTF_8)), ctx.remaining(), exeId,
                        "Writing stdin for the command");
            } catch (RuntimeException e) {
                removeQuietly(executor, stdinFile);
                throw e;
            }
        }

        ProcessSession session = registry.create(exeId, command.display(), tty, timeoutMs, maxChars);
        AtomicBoolean returned = new AtomicBoolean();
        ctx.onCancel(() -> {
            if (!returned.get()) {
                session.stop(ProcessSession.StopCause.CANCELLED);
            }
            session.wake();
        });
        start(executor, new ProcessSpec(argv, cwd, env, tty, tty, stdinFile), session, stdinFile, ctx);
        try {
            if (tty && stdin != null && !stdin.isEmpty()) {
                try {
                    Await.result(session.write(stdin.getBytes(StandardCharsets.UTF_8)), ctx.remaining(), exeId,
                            "Typing stdin into the terminal");
                } catch (RuntimeException e) {
                    // Nobody would learn its session id: do not leave it waiting for input that never comes.
                    session.stop(ProcessSession.StopCause.CANCELLED);
                    throw e;
                }
            }
            session.collect(waitDeadline(ctx, yieldMs), ctx, progress(ctx, session));
            if (ctx.isCancelled()) {
                return ToolResult.error("exec_command was cancelled; the process (session " + session.id() + ") was terminated.");
            }
            return OutputReport.of(session.read(maxChars), notes);
        } finally {
            returned.set(true);
        }
    }

    private void start(Executor executor, ProcessSpec spec, ProcessSession session, String stdinFile, ToolContext ctx) {
        try {
            Await.result(registry.start(executor, CompletableFuture.completedFuture(spec), session), ctx.remaining(),
                    session.exeId(), "Starting the process");
        } catch (RuntimeException e) {
            registry.abandon(session);
            if (stdinFile != null) {
                removeQuietly(executor, stdinFile);
            }
            throw e;
        }
    }

    /** Best effort: the failure that led here is what the caller needs to hear about. */
    private static void removeQuietly(Executor executor, String path) {
        try {
            executor.remove(path, false, true);
        } catch (RuntimeException ignored) {
            // see above
        }
    }

    private static String shellOf(Executor executor, String exeId, ToolContext ctx) {
        ExecutorInfo info = Await.result(executor.describe(), ctx.remaining(), exeId, "Connecting to the executor");
        return info.shell();
    }

    static void checkVariable(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new ToolException("Environment variable name '" + Args.echo(name.replace('\0', ' ')) + "' is not valid: it must be"
                    + " non-empty and contain no '=' or NUL.");
        }
        Command.requireNoNul("env." + name, value);
    }
}
