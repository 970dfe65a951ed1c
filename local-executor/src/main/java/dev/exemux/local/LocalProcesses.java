package dev.exemux.local;

import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The process half of the local executor: starts children and keeps the live ones for shutdown. */
final class LocalProcesses {

    private static final String EXEMUX_PREFIX = "EXEMUX_";

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcesses.class);

    private final BlockingIo io;
    private final ScheduledExecutorService timer;
    private final Path defaultCwd;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, LocalProcess> live = new ConcurrentHashMap<>();

    LocalProcesses(BlockingIo io, ScheduledExecutorService timer, Path defaultCwd) {
        this.io = io;
        this.timer = timer;
        this.defaultCwd = defaultCwd;
    }

    CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        Objects.requireNonNull(listener, "listener");
        Path cwd;
        try {
            cwd = spec.cwd() == null ? defaultCwd : LocalPaths.absolute(spec.cwd());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return io.submit(cwd, () -> launch(spec, cwd, listener), LocalProcesses::abandon);
    }

    private ProcessHandle launch(ProcessSpec spec, Path cwd, ProcessListener listener) throws IOException {
        if (!Files.readAttributes(cwd, BasicFileAttributes.class).isDirectory()) {
            throw IoErrors.failure(Reason.NOT_A_DIRECTORY, "Not a directory: " + cwd + " (the working directory)");
        }
        CommandLine command = CommandLine.of(spec);
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(cwd.toFile());
        withDefaults(builder.environment(), spec);
        builder.redirectErrorStream(spec.tty());
        String program = spec.argv().get(0);
        if (command.wrapped() && !Executables.findable(program, builder.environment(), cwd)) {
            throw IoErrors.failure(Reason.NOT_FOUND, "Cannot start '" + program + "': No such file or directory");
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw startFailure(command.wrapped() ? command.argv().get(0) : program, e);
        }
        String id = "p" + nextId.incrementAndGet();
        LocalProcess handle = new LocalProcess(id, process, command, spec.pipeStdin(), listener, io, timer);
        live.put(id, handle);
        handle.exit().whenComplete((exit, failure) -> live.remove(id));
        return handle.begin();
    }

    /**
     * exemux's own environment (without its EXEMUX_ variables) plus the spec's, with the defaults a remote executor's processes get: a
     * UTF-8 locale when none is set, and a terminal type under a tty.
     */
    private static void withDefaults(Map<String, String> env, ProcessSpec spec) {
        // exemux's own configuration (its token, the relay secret) is not the processes' business: a
        // model running `env` on local must not read it. A remote executor's processes never see it either.
        env.keySet().removeIf(name -> name.startsWith(EXEMUX_PREFIX));
        if (!env.containsKey("LANG") && !env.containsKey("LC_ALL") && !env.containsKey("LC_CTYPE")) {
            env.put("LANG", "C.UTF-8");
        }
        if (spec.tty()) {
            env.put("TERM", "xterm-256color");
        }
        env.putAll(spec.env());
    }

    /** Nobody holds the handle of a process whose start the caller gave up on: it must not run unseen. */
    private static void abandon(ProcessHandle process) {
        LOG.debug("Start of process {} was abandoned by its caller; killing it", process.id());
        process.terminate();
    }

    private static RemoteCallException startFailure(String program, IOException e) {
        // The JDK says: Cannot run program "x" (in directory "/d"): error=2, No such file or directory
        String message = e.getMessage() == null ? "" : e.getMessage();
        int errorAt = message.lastIndexOf("error=");
        int comma = errorAt < 0 ? -1 : message.indexOf(", ", errorAt);
        String osText = comma < 0 ? message : message.substring(comma + 2);
        Reason reason = IoErrors.classifyText(osText);
        // Wrapped commands are looked up before the start, so a NOT_FOUND here for 'script' is the wrapper itself.
        String hint = program.equals("script") && reason == Reason.NOT_FOUND
                ? " (tty: true needs util-linux 'script' on the PATH)" : "";
        return IoErrors.failure(reason, "Cannot start '" + program + "': " + osText + hint);
    }

    /** Kills every live process tree now, on this thread: exemux is going away and nothing it started may outlive it. */
    void killAll() {
        for (LocalProcess process : List.copyOf(live.values())) {
            try {
                process.killNow();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not kill process {} at shutdown: {}", process.id(), e.getMessage());
            }
        }
    }
}
