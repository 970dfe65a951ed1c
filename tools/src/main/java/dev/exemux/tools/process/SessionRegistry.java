package dev.exemux.tools.process;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.tools.spi.ToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every session exemux started, keyed by (exe_id, session_id): the key a session is created with is
 * the only key it is found by. Ended sessions stay readable until collected: some time after their
 * end was reported, or oldest first when too many are kept.
 */
final class SessionRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    private static final int REMEMBERED_COLLECTED = 1024;

    record Key(String exeId, String sessionId) {}

    private final Map<Key, ProcessSession> sessions = new ConcurrentHashMap<>();
    private final Map<Key, Boolean> collected = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                    return size() > REMEMBERED_COLLECTED;
                }
            });
    private final AtomicLong nextId = new AtomicLong(1);
    private final Duration retention;
    private final int maxSessions;
    private final ScheduledThreadPoolExecutor timer;

    SessionRegistry(Duration retention, int maxSessions) {
        this.retention = retention;
        this.maxSessions = maxSessions;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "exemux-process-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs each session's hard time limit. */
    ScheduledExecutorService timer() {
        return timer;
    }

    ProcessSession create(String exeId, String command, boolean tty, long timeoutMs, int maxChars) {
        collect();
        String id = "s" + nextId.getAndIncrement();
        ProcessSession session = new ProcessSession(id, exeId, command, tty, timeoutMs, maxChars);
        sessions.put(new Key(exeId, id), session);
        return session;
    }

    /** Forgets a session whose process never started. */
    void discard(ProcessSession session) {
        sessions.remove(new Key(session.exeId(), session.id()));
    }

    /**
     * Starts {@code session}'s process on {@code executor} once {@code spec} is known, and arms its time
     * limit when it runs. The returned future is a copy: a caller may give up on it (then
     * {@link #abandon}) without losing track of a process that starts late.
     */
    CompletableFuture<ProcessHandle> start(Executor executor, CompletableFuture<ProcessSpec> spec, ProcessSession session) {
        CompletableFuture<ProcessHandle> starting = spec.thenCompose(s -> executor.start(s, session));
        starting.whenComplete((handle, failure) -> {
            if (handle != null) {
                session.started(handle, timer);
            } else {
                session.failedToStart(failure);
            }
        });
        return starting.copy();
    }

    /** Gives up on a session whose start failed or took too long: a process that starts late is terminated. */
    void abandon(ProcessSession session) {
        session.stop(ProcessSession.StopCause.CANCELLED);
        discard(session);
    }

    /** @throws ToolException that says why there is no such session and what to call instead */
    ProcessSession get(String exeId, String sessionId) {
        ProcessSession found = sessions.get(new Key(exeId, sessionId));
        if (found != null) {
            return found;
        }
        List<String> elsewhere = sessions.keySet().stream()
                .filter(k -> k.sessionId().equals(sessionId)).map(Key::exeId).sorted().toList();
        if (!elsewhere.isEmpty()) {
            throw new ToolException("Session " + sessionId + " is not on exe_id '" + exeId + "': it runs on exe_id '"
                    + elsewhere.get(0) + "'. Call again with exe_id '" + elsewhere.get(0) + "'.");
        }
        if (collected.containsKey(new Key(exeId, sessionId))) {
            throw new ToolException("Session " + sessionId + " on exe_id '" + exeId + "' ended and was already collected"
                    + " after its exit was reported; its output is no longer available.");
        }
        List<String> here = list(exeId).stream().map(ProcessSession::id).toList();
        throw new ToolException("No session " + sessionId + " on exe_id '" + exeId + "'. "
                + (here.isEmpty() ? "There are no sessions on '" + exeId + "'"
                        : "Sessions on '" + exeId + "': " + String.join(", ", here))
                + ". Session ids come from exec_command results; list_sessions shows them all.");
    }

    /** Sessions on {@code exeId} (all when null), oldest first. */
    List<ProcessSession> list(String exeId) {
        return sessions.values().stream()
                .filter(s -> exeId == null || s.exeId().equals(exeId))
                .sorted(Comparator.comparing(ProcessSession::startedAt).thenComparing(s -> Long.parseLong(s.id().substring(1))))
                .toList();
    }

    int size() {
        return sessions.size();
    }

    /** Drops ended sessions whose end was reported long enough ago, then the oldest ended ones beyond the cap. */
    void collect() {
        for (ProcessSession s : sessions.values()) {
            if (s.ended() && s.collectable(retention)) {
                forget(s);
            }
        }
        if (sessions.size() < maxSessions) {
            return;
        }
        List<ProcessSession> ended = new ArrayList<>(list(null).stream().filter(ProcessSession::ended).toList());
        // Those whose end nobody has seen yet go last.
        ended.sort(Comparator.comparing((ProcessSession s) -> !s.collectable(Duration.ZERO)));
        // An eighth below the cap, so this sort is not paid again on each of the next creations (exec_many makes many).
        int keep = maxSessions - 1 - maxSessions / 8;
        for (ProcessSession s : ended) {
            if (sessions.size() <= keep) {
                break;
            }
            forget(s);
        }
    }

    private void forget(ProcessSession s) {
        Key key = new Key(s.exeId(), s.id());
        if (sessions.remove(key) != null) {
            collected.put(key, Boolean.TRUE);
        }
    }

    /** Kills every process still running, and what ended ones left running in the background; stops the timer. */
    @Override
    public void close() {
        List<java.util.concurrent.CompletableFuture<Void>> stops = new ArrayList<>();
        for (ProcessSession s : sessions.values()) {
            stops.add((s.ended() ? s.stopLeftovers() : s.stop(ProcessSession.StopCause.CANCELLED)).exceptionally(t -> null));
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(stops.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Some processes may still be running after close: {}", e.toString());
        }
        timer.shutdownNow();
    }
}
