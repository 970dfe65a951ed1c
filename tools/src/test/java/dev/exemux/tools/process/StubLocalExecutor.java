package dev.exemux.tools.process;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.WriteHandle;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-in for dev.exemux.local.LocalExecutor until it lands on main: JDK processes, a pty through
 * util-linux {@code script}. Only what the process tools use.
 */
final class StubLocalExecutor implements Executor {

    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public String id() {
        return "local";
    }

    @Override
    public ExecutorStatus status() {
        return new ExecutorStatus("local", ExecutorStatus.State.EMBEDDED, null, info());
    }

    private ExecutorInfo info() {
        return new ExecutorInfo("local", null, "linux", null, null, System.getProperty("user.home"), "/bin/sh",
                new ExecutorInfo.Capabilities(true, true, true, true, false));
    }

    @Override
    public CompletableFuture<ExecutorInfo> describe() {
        return CompletableFuture.completedFuture(info());
    }

    @Override
    public CompletableFuture<Void> writeFile(String path, byte[] data) {
        try {
            Files.write(Path.of(path), data);
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new RemoteCallException("local", RemoteCallException.Reason.OTHER, 0, e.toString()));
        }
    }

    @Override
    public CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        try {
            Files.deleteIfExists(Path.of(path));
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new RemoteCallException("local", RemoteCallException.Reason.OTHER, 0, e.toString()));
        }
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        String program = spec.argv().get(0);
        if (program.contains("/") && !Files.isExecutable(Path.of(program))) {
            return CompletableFuture.failedFuture(new RemoteCallException("local", RemoteCallException.Reason.NOT_FOUND, 0,
                    "Cannot start " + program + ": No such file or directory (os error 2)"));
        }
        List<String> argv = new ArrayList<>(spec.argv());
        if (spec.tty()) {
            argv = new ArrayList<>(List.of("script", "-qfec", quote(argv), "/dev/null"));
        }
        // Its own process group, so a signal reaches everything the command started.
        argv.add(0, "setsid");
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (spec.cwd() != null) {
            pb.directory(new File(spec.cwd()));
        }
        pb.environment().putAll(spec.env());
        pb.environment().put("SHLVL", "1");
        if (!spec.pipeStdin()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (spec.tty()) {
            pb.redirectErrorStream(true);
        }
        try {
            Process p = pb.start();
            StubHandle handle = new StubHandle(p, listener, spec.tty());
            handle.pump();
            return CompletableFuture.completedFuture(handle);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new RemoteCallException("local", RemoteCallException.Reason.NOT_FOUND, 0,
                    "Cannot start " + spec.argv().get(0) + ": " + e.getMessage()));
        }
    }

    private static String quote(List<String> argv) {
        StringBuilder out = new StringBuilder();
        for (String a : argv) {
            out.append(out.length() == 0 ? "" : " ").append("'").append(a.replace("'", "'\\''")).append("'");
        }
        return out.toString();
    }

    private static final class StubHandle implements ProcessHandle {
        private final Process process;
        private final ProcessListener listener;
        private final boolean tty;
        private final String id = "p" + IDS.incrementAndGet();
        private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

        StubHandle(Process process, ProcessListener listener, boolean tty) {
            this.process = process;
            this.listener = listener;
            this.tty = tty;
        }

        void pump() {
            Thread out = reader(process.getInputStream(), tty ? OutputKind.PTY : OutputKind.STDOUT);
            Thread err = tty ? null : reader(process.getErrorStream(), OutputKind.STDERR);
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    out.join();
                    if (err != null) {
                        err.join();
                    }
                    ProcessExit e = ProcessExit.exited(code);
                    listener.onExit(e);
                    exit.complete(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stub-wait-" + id);
            waiter.setDaemon(true);
            waiter.start();
        }

        private Thread reader(InputStream in, OutputKind kind) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (listener) {
                            listener.onOutput(kind, Arrays.copyOf(buf, n));
                        }
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            }, "stub-read-" + id + "-" + kind);
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public CompletableFuture<Void> write(byte[] data) {
            try {
                OutputStream stdin = process.getOutputStream();
                stdin.write(data);
                stdin.flush();
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new RemoteCallException("local", RemoteCallException.Reason.OTHER, 0, e.toString()));
            }
        }

        @Override
        public CompletableFuture<Void> interrupt() {
            return signalGroup("INT");
        }

        @Override
        public CompletableFuture<Void> terminate() {
            return signalGroup("KILL");
        }

        private CompletableFuture<Void> signalGroup(String signal) {
            try {
                new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).start().waitFor();
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<ProcessExit> exit() {
            return exit;
        }
    }

    // ---- not used by the process tools

    @Override
    public CompletableFuture<FileMetadata> stat(String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<byte[]> readFile(String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ReadHandle> openRead(String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<WriteHandle> openWrite(String path, long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<String> canonicalize(String path) {
        throw new UnsupportedOperationException();
    }
}
