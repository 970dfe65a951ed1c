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
        String program = spec.argv().get(0);
        checkDirectory(program, cwd);
        CommandLine command = CommandLine.of(spec);
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(cwd.toFile());
        withDefaults(builder.environment(), spec);
        builder.redirectErrorStream(spec.tty());
        if (spec.stdinFile() != null) {
            builder.redirectInput(LocalPaths.absolute(spec.stdinFile()).toFile());
        }
        if (command.wrapped() && !Executables.findable(program, builder.environment(), cwd)) {
            throw IoErrors.failure(Reason.NOT_FOUND, cannotStart(program, cwd) + ": No such file or directory"
                    + (program.contains("/") ? "." : " (no such program on the PATH)."));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw startFailure(command.wrapped() ? command.argv().get(0) : program, cwd, e);
        }
        if (spec.stdinFile() != null) {
            // Open now: like the remote launcher, the content is gone from the file system once it is stdin.
            Files.deleteIfExists(LocalPaths.absolute(spec.stdinFile()));
        }
        String id = "p" + nextId.incrementAndGet();
        LocalProcess handle = new LocalProcess(id, process, command, spec.pipeStdin() && spec.stdinFile() == null, listener, io, timer);
        live.put(id, handle);
        // Kept until its background children let go of the output too, so shutdown stops them as well.
        handle.finished().whenComplete((done, failure) -> live.remove(id));
        return handle.begin();
    }

    /** The same words as a remote executor's: what could not start, and where. */
    static String cannotStart(String program, Path cwd) {
        return "Cannot start '" + program + "' in '" + cwd + "'";
    }

    private static void checkDirectory(String program, Path cwd) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(cwd, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw IoErrors.failure(Reason.NOT_FOUND, cannotStart(program, cwd)
                    + ": No such file or directory. The working directory does not exist on executor 'local'.");
        } catch (java.nio.file.AccessDeniedException e) {
            throw IoErrors.failure(Reason.PERMISSION_DENIED, cannotStart(program, cwd)
                    + ": Permission denied. The executor's user may not enter the working directory.");
        }
        if (!attributes.isDirectory()) {
            throw IoErrors.failure(Reason.NOT_A_DIRECTORY, cannotStart(program, cwd)
                    + ": Not a directory. The working directory is not a directory.");
        }
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

    private static RemoteCallException startFailure(String program, Path cwd, IOException e) {
        // The JDK says: Cannot run program "x" (in directory "/d"): error=2, No such file or directory
        String message = e.getMessage() == null ? "" : e.getMessage();
        int errorAt = message.lastIndexOf("error=");
        int comma = errorAt < 0 ? -1 : message.indexOf(", ", errorAt);
        String osText = comma < 0 ? message : message.substring(comma + 2);
        Reason reason = IoErrors.classifyText(osText);
        // Wrapped commands are looked up before the start, so a NOT_FOUND here for 'script' is the wrapper itself.
        String hint = program.equals("script") && reason == Reason.NOT_FOUND
                ? " (tty: true needs util-linux 'script' on the PATH)" : "";
        return IoErrors.failure(reason, cannotStart(program, cwd) + ": " + osText + hint + ".");
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
