package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-RPC 2.0 client over one WebSocket. One OkHttp reader thread hands each reply to its caller
 * and each notification to the {@link Listener}. A call ends on its reply, its deadline, its
 * cancellation, or the connection's loss; never later.
 */
final class RpcConnection {

    private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);

    /**
     * OkHttp sends each message as one frame; the peer resets on frames over 16 MiB and OkHttp closes
     * the socket past its 16 MiB queue. Callers split payloads to stay below this.
     */
    static final int MAX_MESSAGE_BYTES = 15 * 1024 * 1024;

    /**
     * OkHttp closes the socket (1001) when a send would put more than 16 MiB in its queue; we hold
     * messages back below that, with room for the pongs and close frames OkHttp queues itself.
     */
    static final long SEND_QUEUE_BUDGET = 16L * 1024 * 1024 - 64 * 1024;

    /** Receives what the peer pushes; called on the reader thread, must not block. */
    interface Listener {
        void onNotification(String method, JsonNode params);

        void onClosed(ExecutorException reason);
    }

    private final String exeId;
    private final ObjectMapper json;
    private final ScheduledExecutorService timer;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<RpcConnection> opened = new CompletableFuture<>();
    private volatile Listener listener;
    private volatile WebSocket socket;
    private volatile ExecutorException closeReason;
    /** Messages waiting for room in OkHttp's send queue, in call order; guarded by itself. */
    private final ArrayDeque<Outgoing> backlog = new ArrayDeque<>();
    private boolean drainScheduled;

    private record Outgoing(String text, long bytes, CompletableFuture<?> caller, String method) {}

    private record Pending(CompletableFuture<JsonNode> future, String method) {}

    private RpcConnection(String exeId, ObjectMapper json, ScheduledExecutorService timer) {
        this.exeId = exeId;
        this.json = json;
        this.timer = timer;
    }

    /**
     * Starts the upgrade to a WebSocket at {@code url} and returns at once, so the caller can
     * {@link #abort} an upgrade nobody answers. {@link #opened} completes when it is done, or fails with
     * the error the upgrade status means (see {@link UpgradeFailures}); the token is sent as a bearer
     * and never logged.
     */
    static RpcConnection start(
            OkHttpClient client, String url, String token, String exeId, ObjectMapper json,
            ScheduledExecutorService timer, Listener listener) {
        RpcConnection c = new RpcConnection(exeId, json, timer);
        c.listener = listener;
        Request.Builder request = new Request.Builder().url(url);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        c.socket = client.newWebSocket(request.build(), c.new Reader());
        return c;
    }

    CompletableFuture<RpcConnection> opened() {
        return opened;
    }

    String exeId() {
        return exeId;
    }

    boolean isOpen() {
        return !closed.get();
    }

    boolean hasCallsInFlight() {
        return !pending.isEmpty();
    }

    /** Sends a request; the future fails with {@link ExecutorException} subtypes only. */
    CompletableFuture<JsonNode> call(String method, ObjectNode params, Duration timeout) {
        long id = nextId.getAndIncrement();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        if (closed.get()) {
            future.completeExceptionally(lost("the connection is closed"));
            return future;
        }
        pending.put(id, new Pending(future, method));
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (IOException e) {
            pending.remove(id);
            future.completeExceptionally(new ProtocolException(exeId, "could not encode " + method + ": " + e.getMessage(), e));
            return future;
        }
        if (text.length() > MAX_MESSAGE_BYTES) {
            // Callers split payloads; reaching this is a bug, reported like any other call failure.
            pending.remove(id);
            future.completeExceptionally(new ProtocolException(exeId,
                    method + " message of " + text.length() + " bytes exceeds the " + MAX_MESSAGE_BYTES + " byte frame limit", null));
            return future;
        }
        java.util.concurrent.ScheduledFuture<?> timeoutTask;
        try {
            timeoutTask = timer.schedule(() -> {
                if (pending.remove(id) != null) {
                    future.completeExceptionally(new DeadlineExceededException(exeId,
                            method + " on '" + exeId + "' got no answer within " + timeout.toMillis() + " ms."));
                }
            }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The pool is closing: no call may start without its deadline.
            pending.remove(id);
            future.completeExceptionally(lost("exemux is shutting down"));
            return future;
        }
        // A caller that gives up (cancel, its own deadline) must not leave the entry behind.
        future.whenComplete((r, e) -> {
            pending.remove(id);
            timeoutTask.cancel(false);
        });
        if (!send(text, future, method)) {
            future.completeExceptionally(lost("the connection closed before " + method + " was sent"));
        }
        return future;
    }

    /** Sends a notification (only {@code initialized}: the peer drops the connection on any other). */
    void notify(String method, ObjectNode params) {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        send(message.toString(), null, method);
    }

    /**
     * Sends now if OkHttp's queue has room, else holds the message back (order kept) until it has:
     * concurrent large writes must not make OkHttp close the connection under everyone.
     *
     * @return false if the connection is already closed
     */
    private boolean send(String text, CompletableFuture<?> caller, String method) {
        long bytes = utf8Length(text);
        synchronized (backlog) {
            if (backlog.isEmpty() && socket.queueSize() + bytes <= SEND_QUEUE_BUDGET) {
                return socket.send(text);
            }
            if (closed.get()) {
                return false;
            }
            backlog.add(new Outgoing(text, bytes, caller, method));
            scheduleDrain();
            return true;
        }
    }

    private void drain() {
        synchronized (backlog) {
            drainScheduled = false;
            while (!backlog.isEmpty()) {
                Outgoing next = backlog.peek();
                if (next.caller() != null && next.caller().isDone()) {
                    backlog.poll(); // its caller gave up (deadline): the peer must not act on it late
                    continue;
                }
                if (socket.queueSize() + next.bytes() > SEND_QUEUE_BUDGET) {
                    scheduleDrain();
                    return;
                }
                backlog.poll();
                if (!socket.send(next.text()) && next.caller() != null) {
                    next.caller().completeExceptionally(lost("the connection closed before " + next.method() + " was sent"));
                }
            }
        }
    }

    /** OkHttp has no "queue drained" callback, so a held-back message polls briefly. */
    private void scheduleDrain() {
        if (drainScheduled || closed.get()) {
            return;
        }
        try {
            timer.schedule(this::drain, 2, TimeUnit.MILLISECONDS);
            drainScheduled = true;
        } catch (RejectedExecutionException e) {
            // The pool is closing; shutDown fails what is left.
        }
    }

    private static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return n;
    }

    /** Closes the connection; idempotent. Calls in flight fail with {@link ConnectionLostException}. */
    void close() {
        WebSocket s = socket;
        if (s != null && !closed.get()) {
            s.close(1000, "client closing");
            // A peer that never completes the close handshake must not keep the socket alive.
            try {
                timer.schedule(s::cancel, 2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                s.cancel();
            }
        }
        shutDown(lost("the connection was closed by exemux"));
    }

    /** Cuts the TCP connection without a close handshake (tests and dead peers). */
    void abort() {
        WebSocket s = socket;
        if (s != null) {
            s.cancel();
        }
        shutDown(lost("the connection was aborted"));
    }

    private void shutDown(ExecutorException reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        synchronized (backlog) {
            backlog.clear(); // their callers are failed below, with the other pending calls
        }
        opened.completeExceptionally(reason);
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(reason);
            }
        }
        Listener l = listener;
        if (l != null) {
            l.onClosed(reason);
        }
    }

    private ConnectionLostException lost(String why) {
        return new ConnectionLostException(exeId, "Connection to executor '" + exeId + "' lost: " + why
                + ". The executor may be restarting; retry the call.", null);
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            log.warn("executor {} sent a message that is not JSON ({} bytes); ignored", exeId, text.length());
            return;
        }
        if (message == null || !message.isObject()) {
            log.warn("executor {} sent a JSON-RPC message that is not an object; ignored", exeId);
            return;
        }
        JsonNode id = message.get("id");
        JsonNode method = message.get("method");
        if (method != null && method.isTextual() && (id == null || id.isNull())) {
            Listener l = listener;
            if (l != null) {
                try {
                    l.onNotification(method.textValue(), message.get("params"));
                } catch (RuntimeException e) {
                    log.warn("handling {} from executor {} failed: {}", method.textValue(), exeId, e.toString());
                }
            }
            return;
        }
        if (id == null || !id.canConvertToLong()) {
            // e.g. id -1 after the peer failed to parse something we sent; nothing to hand it to.
            log.warn("executor {} sent a reply with no matching id: {}", exeId, abbreviate(text));
            return;
        }
        Pending p = pending.remove(id.asLong());
        if (p == null) {
            log.debug("executor {} answered request {} after its caller gave up", exeId, id.asLong());
            return;
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            p.future.completeExceptionally(RpcErrors.toException(exeId, p.method, error));
        } else {
            JsonNode result = message.get("result");
            p.future.complete(result == null ? json.nullNode() : result);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private final class Reader extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            opened.complete(RpcConnection.this);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            dispatch(text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            dispatch(bytes.string(StandardCharsets.UTF_8));
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            // OkHttp only reports onClosed once we answer the peer's close.
            webSocket.close(1000, null);
            shutDown(lost("the executor closed the connection (code " + code + ")"));
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            shutDown(lost("the executor closed the connection (code " + code + ")"));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            if (!opened.isDone()) {
                ExecutorException failure = UpgradeFailures.toException(exeId, response, t);
                if (response != null) {
                    response.close();
                }
                closeReason = failure;
                opened.completeExceptionally(failure);
                shutDown(failure);
                return;
            }
            shutDown(lost(t instanceof java.net.SocketTimeoutException
                    ? "the executor stopped answering pings"
                    : "the network connection dropped"));
        }
    }
}
