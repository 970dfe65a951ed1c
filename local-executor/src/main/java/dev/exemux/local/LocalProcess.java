package dev.exemux.local;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One running child process: output pumps, stdin, signals and the exit, wired to its listener. */
final class LocalProcess implements ProcessHandle {

    private static final long EXIT_CHECK_MS = 250;

    private final String id;
    private final Process process;
    private final CommandLine command;
    private final ProcessOutput output;
    private final StdinWriter stdin;
    private final BlockingIo io;
    private final ScheduledExecutorService timer;

    LocalProcess(String id, Process process, CommandLine command, boolean pipeStdin, ProcessListener listener, BlockingIo io,
            ScheduledExecutorService timer) {
        this.id = id;
        this.process = process;
        this.command = command;
        this.io = io;
        this.timer = timer;
        this.output = new ProcessOutput(id, listener, command.pty() ? 1 : 2);
        if (pipeStdin) {
            stdin = new StdinWriter(id, process.getOutputStream());
        } else {
            stdin = null;
            closeQuietly(process);
        }
    }

    /** Starts following the process; separate from the constructor so nothing sees a half-built object. */
    LocalProcess begin() {
        if (command.pty()) {
            pump(process.getInputStream(), OutputKind.PTY, "pty");
        } else {
            pump(process.getInputStream(), OutputKind.STDOUT, "stdout");
            pump(process.getErrorStream(), OutputKind.STDERR, "stderr");
        }
        process.onExit().whenComplete((p, failure) -> onTimer(this::exited));
        return this;
    }

    private void pump(java.io.InputStream in, OutputKind kind, String name) {
        DaemonThreads.start("exemux-local-" + id + "-" + name, new OutputPump(in, kind, output), true);
    }

    private void exited() {
        if (stdin != null) {
            stdin.close();
        }
        output.exited(process.exitValue());
        scheduleExitCheck();
    }

    private void scheduleExitCheck() {
        if (!output.exit().isDone()) {
            try {
                timer.schedule(() -> {
                    if (output.reportExitIfQuiet(ProcessOutput.QUIET_AFTER_EXIT_MS)) {
                        scheduleExitCheck();
                    }
                }, EXIT_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                output.reportExitIfQuiet(0); // shutting down: don't wait for stragglers
            }
        }
    }

    /** Off the JDK's process reaper thread, which must not run listener code; inline once shut down. */
    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<Void> write(byte[] data) {
        if (stdin == null) {
            return CompletableFuture.failedFuture(IoErrors.failure(Reason.OTHER, "The stdin of process " + id
                    + " is closed (it was started without pipeStdin): start it with stdin piped or a tty."));
        }
        return stdin.write(data);
    }

    @Override
    public CompletableFuture<Void> interrupt() {
        return io.submit(null, () -> {
            Signals.interrupt(process, command.target());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> terminate() {
        return io.submit(null, () -> {
            killNow();
            return null;
        });
    }

    /** Also kills what still holds the output open after the process itself ended (a background child). */
    void killNow() throws IOException {
        boolean groupMayLinger = !output.exit().isDone() || output.streamsOpen()
                || (command.target() == Signals.Target.GROUP && Signals.groupHasMembers(process));
        Signals.killTree(process, command.target(), groupMayLinger);
    }

    /** Completes once the process ended and nothing it started holds its output any more. */
    CompletableFuture<Void> finished() {
        return CompletableFuture.allOf(output.exit(), output.drained());
    }

    @Override
    public CompletableFuture<ProcessExit> exit() {
        return output.exit();
    }

    /** Gives the child EOF on stdin at once, so a command that reads it ends instead of hanging. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The child may already be gone; it has no stdin either way.
        }
    }
}
