package dev.exemux.bridge;

import dev.exemux.executor.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.bridge.protocol.ProcessEvent;
import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.UnknownExecutorException;
import dev.exemux.executor.UnsupportedByExecutorException;
import dev.exemux.executor.WriteHandle;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Executor} for one remote exe_id: a stable object whose exec-server session is dialed on
 * first use, shared by all callers, and replaced (resuming the same exec-server session) after a
 * drop, so processes outlive short network trouble.
 */
final class RemoteExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(RemoteExecutor.class);
    /** Payloads above this go out in pieces ({@link Limits#WRITE_PIECE}). */
    static final int MAX_PIECE = Limits.WRITE_PIECE;
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String exeId;
    private final String url;
    private final PoolResources resources;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Map<String, RemoteProcess> processes = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final java.util.function.Consumer<RemoteExecutor> onUnknown;
    private final RemoteMetadata metadata = new RemoteMetadata(this);
    private final AtomicLong processesStarted = new AtomicLong();
    private final Liveness liveness = new Liveness(this);
    private final AckClock ackClock;
    /** True while a resume loop runs (one at a time); see {@link #resume}. */
    private final java.util.concurrent.atomic.AtomicBoolean resuming = new java.util.concurrent.atomic.AtomicBoolean();

    private CompletableFuture<ExecSession> current;
    private String sessionId;
    private volatile ExecutorInfo info;
    /** The dialect of the last session, or null before the first handshake. */
    private volatile Dialect dialect;
    private volatile String lastError;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile boolean closed;

    RemoteExecutor(String exeId, String url, PoolResources resources) {
        this(exeId, url, resources, self -> {});
    }

    /**
     * @param onUnknown called when the gateway says (404) it does not know an exe_id this executor never
     *     reached: an invented id, which the pool should not keep or list
     */
    RemoteExecutor(String exeId, String url, PoolResources resources, java.util.function.Consumer<RemoteExecutor> onUnknown) {
        this.exeId = exeId;
        this.url = url;
        this.resources = resources;
        this.retry = resources.retryFor(exeId);
        this.breaker = resources.breakerFor(exeId);
        this.onUnknown = onUnknown;
        this.ackClock = new AckClock(resources.timer());
    }

    @Override
    public String id() {
        return exeId;
    }

    ScheduledExecutorService timer() {
        return resources.timer();
    }

    /** Reached through a gateway, not configured as a direct exec-server. */
    private boolean viaGateway() {
        return !resources.settings().directExecutors().containsKey(exeId);
    }

    @Override
    public ExecutorStatus status() {
        ExecutorStatus.State state;
        synchronized (this) {
            boolean connected = current != null && current.isDone() && !current.isCompletedExceptionally()
                    && current.join().isOpen();
            state = connected ? ExecutorStatus.State.CONNECTED
                    : lastError != null ? ExecutorStatus.State.FAILING : ExecutorStatus.State.IDLE;
        }
        return new ExecutorStatus(exeId, state, lastError, info);
    }

    /** The live session, dialing (once, however many callers ask at the same time) if there is none. */
    CompletableFuture<ExecSession> session() {
        lastUsedNanos = System.nanoTime();
        // Used again when the session is ready: a dial slower than the idle timeout must not leave the
        // caller a session that the idle sweep closes before its call goes out.
        return session(true).whenComplete((s, e) -> lastUsedNanos = System.nanoTime());
    }

    /**
     * @param viaBreaker false for the resume loop: it must keep trying for as long as the peer may hold
     *     the session, also while the breaker makes callers fail fast
     */
    private CompletableFuture<ExecSession> session(boolean viaBreaker) {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(shuttingDown());
            }
            if (current != null && (!current.isDone()
                    || (!current.isCompletedExceptionally() && current.join().isOpen()))) {
                return current;
            }
            current = connect(viaBreaker);
            return current;
        }
    }

    /** The open session if there is one, without dialing. */
    ExecSession liveSession() {
        CompletableFuture<ExecSession> c;
        synchronized (this) {
            c = current;
        }
        return c != null && c.isDone() && !c.isCompletedExceptionally() && c.join().isOpen() ? c.join() : null;
    }

    java.util.Collection<RemoteProcess> processes() {
        return processes.values();
    }

    private ConnectionLostException shuttingDown() {
        return new ConnectionLostException(exeId, "exemux is shutting down; executor '" + exeId + "' is closed.", null);
    }

    private CompletableFuture<ExecSession> connect(boolean viaBreaker) {
        CompletableFuture<ExecSession> dial;
        try {
            java.util.function.Supplier<java.util.concurrent.CompletionStage<ExecSession>> retried =
                    Retry.decorateCompletionStage(retry, resources.timer(), this::dialOnce);
            dial = (viaBreaker ? CircuitBreaker.decorateCompletionStage(breaker, retried) : retried).get().toCompletableFuture();
            // The dial timeout bounds the whole connect, retries and backoff included: a caller never
            // waits several dial timeouts for one executor.
            dial = Deadlines.within(dial, resources.settings().dialTimeout(), resources.timer(), this::dialTimedOut, ExecSession::close);
        } catch (CallNotPermittedException e) {
            dial = CompletableFuture.failedFuture(e);
        }
        return dial.handle((session, error) -> {
            if (error != null) {
                ExecutorException failure = explain(error);
                if (!(ExecSession.unwrap(error) instanceof CallNotPermittedException)) {
                    // The pause message quotes lastError: keeping the real failure there stops it nesting.
                    lastError = failure.getMessage();
                }
                if (failure instanceof UnknownExecutorException && info == null) {
                    onUnknown.accept(this);
                }
                throw new CompletionException(failure);
            }
            return session;
        });
    }

    private ExecutorException explain(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CallNotPermittedException) {
            return new ExecutorOfflineException(exeId, "Executor '" + exeId + "' failed repeatedly and is paused for "
                    + describe(resources.breakerPause()) + " (calls fail fast meanwhile); retry after that."
                    + (lastError != null ? " Last error: " + lastError : ""), cause);
        }
        if (cause instanceof ExecutorException ee) {
            return ee;
        }
        return new ExecutorOfflineException(exeId, "Could not reach executor '" + exeId + "': " + cause, cause);
    }

    /** One upgrade + handshake, resuming the previous exec-server session when there is one. */
    private java.util.concurrent.CompletionStage<ExecSession> dialOnce() {
        String resumeId;
        synchronized (this) {
            resumeId = processes.isEmpty() ? null : sessionId;
        }
        if (closed) {
            return CompletableFuture.failedFuture(shuttingDown());
        }
        boolean direct = resources.settings().directExecutors().containsKey(exeId);
        RpcConnection connection = RpcConnection.start(
                resources.http(), resources.writers(), resources.socketOptions(), url, direct, resources.token(), exeId,
                resources.json(), resources.timer(), new Events());
        CompletableFuture<ExecSession> attempt = connection.opened()
                .thenCompose(rpc -> ExecSession.handshake(rpc, resources.json(), resumeId,
                                resources.settings().dialTimeout(), resources.settings().callTimeout())
                        .whenComplete((s, e) -> {
                            if (e != null) {
                                rpc.close();
                            }
                        }))
                .exceptionallyCompose(e -> {
                    ExecutorException cause = ExecSession.cause(e);
                    if (resumeId != null && cause instanceof RemoteCallException rce && rce.getMessage().contains("unknown session")) {
                        // The peer's grace period ran out: our processes are gone; start afresh.
                        loseProcesses("executor '" + exeId + "' no longer knows the session the process ran in (it restarted,"
                                + " or the disconnection outlasted the " + grace().duration().toSeconds()
                                + " s it keeps a session), so exemux can no longer follow the process: it most likely ended with the session,"
                                + " but may still be running there");
                        synchronized (this) {
                            sessionId = null;
                        }
                        return dialOnce().toCompletableFuture();
                    }
                    if (cause instanceof RemoteCallException rce && rce.getMessage().contains("already attached")) {
                        // The peer has not yet noticed the old connection is gone: worth retrying shortly.
                        throw new CompletionException(new ConnectionLostException(exeId,
                                "executor '" + exeId + "' still holds the previous connection", rce));
                    }
                    return CompletableFuture.failedFuture(e);
                });
        return Deadlines.within(attempt, resources.settings().dialTimeout(), resources.timer(), () -> {
            // Also cancels an upgrade nobody answers (reads have no timeout on a WebSocket).
            connection.abort();
            return dialTimedOut();
        }, ExecSession::close).thenApply(this::connected);
    }

    private ExecutorOfflineException dialTimedOut() {
        return new ExecutorOfflineException(exeId, "Executor '" + exeId + "' did not complete the connection within "
                + describe(resources.settings().dialTimeout()) + ". It may be overloaded or unreachable; retry later.", null);
    }

    private static String describe(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private ExecSession connected(ExecSession s) {
        boolean resumed;
        synchronized (this) {
            if (closed) {
                // The pool closed while this dial was under way: nobody will ever use or close it.
                s.close();
                throw new CompletionException(shuttingDown());
            }
            resumed = sessionId != null && sessionId.equals(s.sessionId());
            sessionId = s.sessionId();
        }
        info = s.info();
        dialect = s.dialect();
        lastError = null;
        if (resumed) {
            processes.values().forEach(this::catchUp);
        } else {
            loseProcesses("executor '" + exeId + "' started a new session; the process is no longer reachable");
        }
        log.info("connected to executor {} (release {}, {} paths){}", exeId,
                s.info().release() == null ? "unknown" : s.info().release(), s.dialect().paths(), resumed ? ", session resumed" : "");
        return s;
    }

    private void loseProcesses(String why) {
        for (RemoteProcess p : List.copyOf(processes.values())) {
            p.lost(why);
        }
    }

    /**
     * Asks the peer for whatever this process produced that we have not delivered. A peer that answers it has
     * no such process in the session ends it as lost: what exemux sent (its start) was lost on the way, while
     * the executor did not answer or as a connection dropped, and nothing else would ever end it.
     */
    void catchUp(RemoteProcess p) {
        if (p.isDone()) {
            return;
        }
        session().thenCompose(s -> readFrom(s, p, p.deliveredSeq(), 0)).exceptionally(e -> {
            if (ExecSession.cause(e) instanceof RemoteCallException rce && rce.reason() == RemoteCallException.Reason.NOT_FOUND) {
                p.lost("executor '" + exeId + "' has no process by this id: its start was most likely lost on the way"
                        + " (while the executor did not answer, or as the connection dropped), so it did not run there; start it again");
            } else {
                log.debug("catching up process {} on {} failed: {}", p.id(), exeId, e.toString());
            }
            return null;
        });
    }

    private CompletableFuture<Void> readFrom(ExecSession s, RemoteProcess p, long afterSeq, int rounds) {
        return s.readProcess(p.id(), afterSeq).thenCompose(read -> {
            long next = p.applyRead(read);
            // The peer retains ~1 MiB, so a few rounds always reach the end.
            return next < 0 || rounds > 64 ? CompletableFuture.completedFuture(null) : readFrom(s, p, next, rounds + 1);
        });
    }

    /** How long the peer keeps a detached session: its dialect's, or before any handshake the longest. */
    private SessionGrace grace() {
        Dialect d = dialect;
        return d == null ? SessionGrace.LONGEST : d.resume();
    }

    /** A handle id unique on this executor ({@code kind}: r for reads, w for writes). */
    String newHandleId(String kind) {
        return "exemux-" + kind + counter.incrementAndGet();
    }

    /** A size the metadata helper found for {@code path} moments ago, while its mtime is still {@code modifiedAtMs}; else -1. */
    long recentSize(String path, long modifiedAtMs) {
        return metadata.recentSize(path, modifiedAtMs);
    }

    void forget(RemoteProcess p) {
        processes.remove(p.id(), p);
    }

    /** Notifications and connection loss from the current connection. */
    private final class Events implements RpcConnection.Listener {
        @Override
        public void onNotification(String method, JsonNode params) {
            ProcessEvent event = ProcessEvent.fromNotification(method, params);
            if (event != null) {
                RemoteProcess p = processes.get(event.processId());
                if (p != null) {
                    p.onEvent(event);
                }
            }
        }

        @Override
        public void onHeard() {
            liveness.heard();
        }

        @Override
        public void onClosed(ExecutorException reason) {
            resume();
        }
    }

    /**
     * After a drop with processes running: redials, resuming the session, with backoff, for as long as
     * the peer may still hold it (the dialect's {@link SessionGrace}); a caller's own call resumes meanwhile too. The
     * processes are given up only when the peer says it no longer knows the session, or its grace has
     * certainly passed. One loop at a time.
     */
    private void resume() {
        if (closed || processes.isEmpty() || !resuming.compareAndSet(false, true)) {
            return;
        }
        // The peer's grace runs from when it notices the drop: about now, or later (a black-holed
        // connection ends on the peer's side only once exemux gives it up).
        long goneAt = grace().certainlyGoneAt(System.nanoTime());
        log.info("connection to executor {} dropped with {} running process(es); resuming", exeId, processes.size());
        resumeAttempt(goneAt, 0);
    }

    private void resumeAttempt(long goneAt, int attempt) {
        if (closed || processes.isEmpty()) {
            resuming.set(false);
            return;
        }
        session(false).whenComplete((s, error) -> {
            if (error == null) {
                resuming.set(false);
                if (!s.isOpen()) {
                    resume(); // it dropped again before the loop ended
                }
                return;
            }
            if (System.nanoTime() - goneAt >= 0) {
                resuming.set(false);
                loseProcesses("executor '" + exeId + "' could not be reached again for longer than it keeps a detached session ("
                        + grace().duration().toSeconds() + " s), so exemux can no longer follow the process. It was most likely"
                        + " stopped by the executor, but may still be running there. Last error: " + explain(error).getMessage());
                return;
            }
            long delayMs = Math.min(2000, 100L << Math.min(attempt, 5));
            try {
                resources.timer().schedule(() -> resumeAttempt(goneAt, attempt + 1), delayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                resuming.set(false);
            }
        });
    }

    // ---- Executor ----

    @Override
    public CompletableFuture<ExecutorInfo> describe() {
        return session().thenApply(ExecSession::info);
    }

    @Override
    public CompletableFuture<FileMetadata> stat(String path) {
        String p = Paths.absolute(exeId, path);
        return session().thenCompose(s -> metadata.stat(s, p));
    }

    @Override
    public CompletableFuture<FileMetadata> statTarget(String path) {
        String p = Paths.absolute(exeId, path);
        return session().thenCompose(s -> s.getMetadata(p));
    }

    @Override
    public CompletableFuture<byte[]> readFile(String path) {
        return session().thenCompose(s -> s.readFile(Paths.absolute(exeId, path)));
    }

    @Override
    public CompletableFuture<ReadHandle> openRead(String path) {
        String p = Paths.absolute(exeId, path);
        return session().thenCompose(s -> s.dialect().reads().open(s, this, p));
    }

    @Override
    public CompletableFuture<Void> writeFile(String path, byte[] data) {
        String p = Paths.absolute(exeId, path);
        if (data.length <= MAX_PIECE) {
            return session().thenCompose(s -> s.writeFile(p, data));
        }
        return openWrite(p, data.length).thenCompose(w -> {
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (int off = 0; off < data.length; off += MAX_PIECE) {
                byte[] piece = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + MAX_PIECE));
                all = all.thenCompose(v -> w.write(piece));
            }
            return all.thenCompose(v -> w.finish()).whenComplete((v, e) -> {
                if (e != null) {
                    w.abort();
                }
            });
        });
    }

    @Override
    public CompletableFuture<WriteHandle> openWrite(String path, long size) {
        String p = Paths.absolute(exeId, path);
        return session().thenCompose(s -> s.dialect().writes().open(s, this, p, size));
    }

    @Override
    public CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        String p = Paths.absolute(exeId, path);
        return session().thenCompose(s -> metadata.list(s, p));
    }

    @Override
    public CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return session().thenCompose(s -> s.createDirectory(Paths.absolute(exeId, path), recursive));
    }

    @Override
    public CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return session().thenCompose(s -> s.remove(Paths.absolute(exeId, path), recursive, force));
    }

    @Override
    public CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        return session().thenCompose(s -> s.copy(Paths.absolute(exeId, source), Paths.absolute(exeId, destination), recursive));
    }

    @Override
    public CompletableFuture<String> canonicalize(String path) {
        String p = Paths.absolute(exeId, path);
        return session().thenCompose(s -> metadata.canonicalize(s, p));
    }

    /**
     * Starts the command under {@link Launcher} and completes once the launcher reported that it runs
     * (or fails with why it could not: a missing program, a missing working directory, each named).
     */
    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        java.time.Duration silent = liveness.silentFor();
        if (silent != null) {
            // A start it may never answer would only hold the caller until the deadline.
            return CompletableFuture.failedFuture(new ExecutorOfflineException(exeId, "Executor '" + exeId
                    + "' has not answered for " + silent.toSeconds() + " s (its running processes are not reachable"
                    + " either), so nothing was started. Retry once it answers again.", null));
        }
        return session().thenCompose(s -> {
            String cwd = spec.cwd() != null ? Paths.absolute(exeId, spec.cwd())
                    : s.info().cwd() != null ? s.info().cwd() : s.info().homeDir() != null ? s.info().homeDir() : "/";
            byte[] marker = Launcher.newMarker();
            String program = spec.argv().get(0);
            LaunchedCommand launched = new LaunchedCommand(marker, listener, exeId, program, cwd);
            List<String> argv = Launcher.argv(marker, spec.stdinFile(), spec.argv());
            return startRaw(s, argv, cwd, environment(s, spec), spec.tty(), spec.pipeStdin(),
                    id -> new RemoteProcess(id, this, s.dialect().exitAfterTerminate(), launched), launched.wentSilent())
                    .handle((p, error) -> {
                        if (error != null) {
                            throw (CompletionException) StartErrors.explain(
                                    error instanceof CompletionException ? error : new CompletionException(error), exeId, program, cwd);
                        }
                        return p;
                    })
                    .thenCompose(p -> awaitLaunch(p, launched));
        });
    }

    /** The launcher's start token comes at once; should it not, the process is stopped rather than left unseen. */
    private CompletableFuture<ProcessHandle> awaitLaunch(RemoteProcess p, LaunchedCommand launched) {
        return CompletableFuture.anyOf(launched.started(), launched.wentSilent())
                .orTimeout(resources.settings().callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((startedOrSilent, error) -> {
                    if (error != null) {
                        if (!(ExecSession.unwrap(error) instanceof ExecutorException)) {
                            p.terminate();
                            throw new CompletionException(new ExecutorOfflineException(exeId, "Executor '" + exeId
                                    + "' started the process but did not report it running within "
                                    + describe(resources.settings().callTimeout()) + "; it was stopped.", error));
                        }
                        throw error instanceof CompletionException ce ? ce : new CompletionException(error);
                    }
                    return (ProcessHandle) p;
                });
    }

    /**
     * Starts {@code argv} as is and follows it; registered before the request: its first notifications may beat the reply.
     *
     * @param silenced completes when the executor went silent (null: wait for the reply): a black hole
     *     swallows {@code process/start}'s reply like any message, even after the process's first output, and the process
     *     may well be running, so the caller gets it (its state unknown) rather than an error after the
     *     connection is given up, which would invite starting it twice. Should the reply then say it failed,
     *     the process ends as lost with that reason.
     */
    private CompletableFuture<RemoteProcess> startRaw(ExecSession s, List<String> argv, String cwd, Map<String, String> env,
            boolean tty, boolean pipeStdin, java.util.function.Function<String, RemoteProcess> follow, CompletableFuture<Void> silenced) {
        String processId = "exemux-" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        processesStarted.incrementAndGet();
        RemoteProcess p = follow.apply(processId);
        // Registered before the request: its first notifications may beat the reply.
        processes.put(processId, p);
        liveness.watch();
        CompletableFuture<RemoteProcess> replied = s.startProcess(processId, argv, cwd, env, tty, pipeStdin).handle((ok, error) -> {
            if (error != null) {
                Throwable cause = ExecSession.unwrap(error);
                boolean callerHasIt = silenced != null && silenced.isDone();
                if (!callerHasIt) {
                    processes.remove(processId);
                } else if (cause instanceof RemoteCallException || cause instanceof UnsupportedByExecutorException) {
                    // The executor answered, late, that it did not start it.
                    processes.remove(processId);
                    p.lost("executor '" + exeId + "' did not start the process: " + cause.getMessage());
                }
                // Else no answer came (the connection was lost): the process stays followed, and the session's
                // resumption, or the loss of its processes, decides it as for any other.
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
            }
            return p;
        });
        if (viaGateway()) {
            // From the request on: the reply itself may be held behind an earlier message's ACK.
            ackClock.follow(s, p::isDone);
        }
        return silenced == null ? replied : replied.applyToEither(silenced.thenApply(v -> p), r -> r);
    }

    /**
     * Sends {@code signal} to a process group through a small {@code kill} process: how a group is reached
     * once its leader has exited, which {@code process/terminate} no longer can.
     */
    CompletableFuture<Void> signalGroup(long pgid, String signal) {
        return runHelper(Launcher.signalGroup(pgid, signal));
    }

    /** Kills what is left of a process group whose leader exited (see {@link Launcher#killLeftovers}). */
    CompletableFuture<Void> killLeftovers(long pgid) {
        return runHelper(Launcher.killLeftovers(pgid));
    }

    /** Runs a small helper as is (no launcher), ignoring its output; completes when it ended. */
    private CompletableFuture<Void> runHelper(List<String> argv) {
        return session().thenCompose(s -> {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", DEFAULT_PATH);
            String cwd = "/";
            return startRaw(s, argv, cwd, env, false, false,
                    id -> new RemoteProcess(id, this, s.dialect().exitAfterTerminate(), IGNORED_OUTPUT), null)
                    .thenCompose(RemoteProcess::exit)
                    .thenApply(exit -> (Void) null);
        });
    }

    private static final ProcessListener IGNORED_OUTPUT = new ProcessListener() {
        @Override
        public void onOutput(dev.exemux.executor.OutputKind stream, byte[] chunk) {}

        @Override
        public void onExit(dev.exemux.executor.ProcessExit exit) {}
    };

    /** {@code env} replaces the peer's environment, so a usable base is always sent. */
    private static Map<String, String> environment(ExecSession s, ProcessSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("LANG", "C.UTF-8");
        if (s.info().homeDir() != null) {
            env.put("HOME", s.info().homeDir());
        }
        if (spec.tty()) {
            env.put("TERM", "xterm-256color");
        }
        env.putAll(spec.env());
        return env;
    }

    /** Closes the connection if unused for {@code idleNanos} and nothing runs on it. */
    synchronized void closeIfIdle(long idleNanos) {
        if (current != null && processes.isEmpty() && System.nanoTime() - lastUsedNanos > idleNanos
                && current.isDone() && !current.isCompletedExceptionally() && current.join().isOpen()
                && !current.join().hasCallsInFlight()) {
            log.debug("closing idle connection to executor {}", exeId);
            current.join().close();
            current = null;
        }
    }

    /** For tests: processes started on the executor so far, the helpers the bridge runs itself included. */
    long processesStarted() {
        return processesStarted.get();
    }

    /** For fault tests: cut the connection as a network failure would. */
    void abortConnection() {
        CompletableFuture<ExecSession> c;
        synchronized (this) {
            c = current;
        }
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            c.join().abort();
        }
    }

    void close() {
        CompletableFuture<ExecSession> c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = current;
            current = null;
        }
        loseProcesses("exemux shut down");
        if (c != null) {
            // A dial still under way must not hold its callers until its own deadline.
            c.completeExceptionally(shuttingDown());
            c.thenAccept(ExecSession::close);
        }
    }
}
