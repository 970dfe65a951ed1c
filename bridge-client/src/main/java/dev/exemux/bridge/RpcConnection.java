package dev.exemux.bridge;

import dev.exemux.bridge.websocket.ClientWebSocket;
import dev.exemux.executor.Limits;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ProtocolException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-RPC 2.0 client over one WebSocket ({@link ClientWebSocket}). One reader thread hands each reply
 * to its caller and each notification to the {@link Listener}. A call ends on its reply, its deadline, its
 * cancellation, or the connection's loss; never later.
 */
final class RpcConnection {

    private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);

    /** Callers split payloads to stay below this (why: {@link Limits#MESSAGE}). */
    static final int MAX_MESSAGE_BYTES = Limits.MESSAGE;

    /** Writes a request's {@code params} value (hot paths write base64 payloads straight to bytes). */
    @FunctionalInterface
    interface ParamsWriter {
        void write(JsonGenerator out) throws IOException;
    }

    /**
     * Turns a reply's {@code result} into what the caller wants, straight from the parser (positioned on
     * the value's first token; it must consume the whole value). Runs on the reader thread. Big replies
     * (fs/readBlock) use it to decode their base64 to bytes without a tree or a String in between.
     */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(JsonParser in) throws IOException;
    }

    /**
     * A {@link ResultReader} that may also take values straight from the message's UTF-8 bytes
     * ({@code message}; null when the result was buffered because it came before the id).
     */
    @FunctionalInterface
    interface RawResultReader<T> extends ResultReader<T> {
        T read(JsonParser in, byte[] message) throws IOException;

        @Override
        default T read(JsonParser in) throws IOException {
            return read(in, null);
        }
    }

    /** Receives what the peer pushes; called on the reader thread, must not block. */
    interface Listener {
        void onNotification(String method, JsonNode params);

        /** A message arrived from the peer (any reply or notification): it is answering. */
        default void onHeard() {}

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
    /** The dialect's error shapes once the handshake learned it; before, what every release shares. */
    private volatile ErrorShapes errors = ErrorShapes.OS_ERROR_TEXT;
    private volatile SpawnErrors spawnErrors = SpawnErrors.MESSAGE_TEXT;
    private volatile ClientWebSocket socket;
    private volatile ExecutorException closeReason;
    /** The exec-server's URL in direct mode, for upgrade failure messages; null through a gateway. */
    private String directUrl;
    private record Pending(CompletableFuture<Object> future, String method, ResultReader<?> reader) {}

    private final ResultReader<JsonNode> treeReader;

    private RpcConnection(String exeId, ObjectMapper json, ScheduledExecutorService timer) {
        this.exeId = exeId;
        this.json = json;
        this.timer = timer;
        this.treeReader = in -> in.currentToken() == JsonToken.VALUE_NULL ? json.nullNode() : in.readValueAsTree();
    }

    /**
     * Starts the upgrade to a WebSocket at {@code url} and returns at once, so the caller can
     * {@link #abort} an upgrade nobody answers. {@link #opened} completes when it is done, or fails with
     * the error the upgrade status means (see {@link UpgradeFailures}); the token is sent as a bearer
     * and never logged.
     */
    static RpcConnection start(
            OkHttpClient client, Executor writers, ClientWebSocket.Options options, String url, boolean direct,
            String token, String exeId, ObjectMapper json, ScheduledExecutorService timer, Listener listener) {
        RpcConnection c = new RpcConnection(exeId, json, timer);
        c.directUrl = direct ? url : null;
        c.listener = listener;
        Request.Builder request = new Request.Builder().url(url);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        c.socket = ClientWebSocket.connect(client, request.build(), writers, timer, options, c.new Reader());
        return c;
    }

    CompletableFuture<RpcConnection> opened() {
        return opened;
    }

    String exeId() {
        return exeId;
    }

    /** From now on, error replies are read in {@code dialect}'s shapes. */
    void speak(Dialect dialect) {
        errors = dialect.errors();
        spawnErrors = dialect.spawnErrors();
    }

    boolean isOpen() {
        return !closed.get();
    }

    boolean hasCallsInFlight() {
        return !pending.isEmpty();
    }

    /** Sends a request; the future fails with {@link ExecutorException} subtypes only. */
    CompletableFuture<JsonNode> call(String method, ObjectNode params, Duration timeout) {
        return call(method, out -> out.writeTree(params), timeout, treeReader);
    }

    /**
     * Sends a request whose params are written by {@code params}; the reply's result is read by
     * {@code reader}. The future fails with {@link ExecutorException} subtypes only.
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> call(String method, ParamsWriter params, Duration timeout, ResultReader<T> reader) {
        long id = nextId.getAndIncrement();
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closed.get()) {
            future.completeExceptionally(lost("the connection is closed"));
            return future;
        }
        byte[] message;
        try {
            message = encode(id, method, params);
        } catch (IOException | RuntimeException e) {
            future.completeExceptionally(new ProtocolException(exeId, "could not encode " + method + ": " + e.getMessage(), e));
            return future;
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            // Callers split payloads; reaching this is a bug, reported like any other call failure.
            future.completeExceptionally(new ProtocolException(exeId,
                    method + " message of " + message.length + " bytes exceeds the " + MAX_MESSAGE_BYTES + " byte frame limit", null));
            return future;
        }
        pending.put(id, new Pending((CompletableFuture<Object>) future, method, reader));
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
        // A caller that gave up by its turn (deadline, cancel) is not sent: the peer must not act on it late.
        if (!socket.send(message, future::isDone)) {
            future.completeExceptionally(lost("the connection closed before " + method + " was sent"));
        }
        return future;
    }

    /**
     * The request as UTF-8 JSON bytes, sent as a binary frame (every release takes text and binary
     * frames alike): no String of the message is ever built, and base64 payloads are encoded straight
     * into the output.
     */
    private byte[] encode(Long id, String method, ParamsWriter params) throws IOException {
        Buffer out = new Buffer();
        try (JsonGenerator g = json.getFactory().createGenerator(out.outputStream())) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            if (id != null) {
                g.writeNumberField("id", id);
            }
            g.writeStringField("method", method);
            if (params != null) {
                g.writeFieldName("params");
                params.write(g);
            }
            g.writeEndObject();
        }
        return out.readByteArray();
    }

    /** Sends a notification (only {@code initialized}: the peer drops the connection on any other). */
    void notify(String method, ObjectNode params) {
        try {
            socket.send(encode(null, method, params == null ? null : out -> out.writeTree(params)), () -> false);
        } catch (IOException e) {
            log.warn("could not encode {} for executor {}: {}", method, exeId, e.toString());
        }
    }

    /** Closes the connection; idempotent. Calls in flight fail with {@link ConnectionLostException}. */
    void close() {
        ClientWebSocket s = socket;
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
        ClientWebSocket s = socket;
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

    /**
     * Routes one message without building a tree of it first: fields are read in stream order and a
     * reply's {@code result} goes straight to its caller's {@link ResultReader} when the {@code id}
     * came before it (codex writes {@code id} first); otherwise the result is buffered and read at the end.
     */
    private void dispatch(byte[] message) {
        try (JsonParser in = json.getFactory().createParser(message)) {
            dispatch(in, message);
        } catch (IOException e) {
            log.warn("executor {} sent a message that is not JSON ({} bytes); ignored", exeId, message.length);
        }
    }

    private void dispatch(JsonParser in, byte[] message) throws IOException {
        if (in.nextToken() != JsonToken.START_OBJECT) {
            log.warn("executor {} sent a JSON-RPC message that is not an object; ignored", exeId);
            return;
        }
        Long id = null;
        boolean badId = false;
        String method = null;
        JsonNode params = null;
        JsonNode error = null;
        Pending caller = null;
        boolean resultRead = false;
        Object result = null;
        TokenBuffer deferred = null;
        try {
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                switch (field) {
                    case "id" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            id = in.getLongValue();
                            caller = pending.get(id);
                        } else if (value != JsonToken.VALUE_NULL) {
                            badId = true;
                            in.skipChildren();
                        }
                    }
                    case "method" -> method = value == JsonToken.VALUE_STRING ? in.getText() : skip(in);
                    case "params" -> params = treeReader.read(in);
                    case "error" -> error = treeReader.read(in);
                    case "result" -> {
                        if (caller != null) {
                            result = caller.reader() instanceof RawResultReader<?> raw ? raw.read(in, message) : caller.reader().read(in);
                            resultRead = true;
                        } else if (id == null && !badId) {
                            deferred = new TokenBuffer(in);
                            deferred.copyCurrentStructure(in);
                        } else {
                            in.skipChildren();
                        }
                    }
                    default -> in.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Malformed JSON, or a result the caller's reader refused (e.g. bad base64).
            if (id != null && caller != null && pending.remove(id) != null) {
                caller.future().completeExceptionally(new ProtocolException(exeId,
                        "executor '" + exeId + "' sent an unreadable reply to " + caller.method() + ": " + e.getMessage(), e));
                return;
            }
            throw e instanceof IOException io ? io : new IOException(e);
        }
        if (method != null && id == null && !badId) {
            Listener l = listener;
            if (l != null) {
                try {
                    l.onNotification(method, params);
                } catch (RuntimeException e) {
                    log.warn("handling {} from executor {} failed: {}", method, exeId, e.toString());
                }
            }
            return;
        }
        if (id == null) {
            // e.g. id -1 after the peer failed to parse something we sent; nothing to hand it to.
            log.warn("executor {} sent a reply with no matching id: {}", exeId, abbreviate(new String(message, java.nio.charset.StandardCharsets.UTF_8)));
            return;
        }
        Pending p = pending.remove(id);
        if (p == null) {
            log.debug("executor {} answered request {} after its caller gave up", exeId, id);
            return;
        }
        if (error != null && !error.isNull()) {
            p.future().completeExceptionally(errors.toException(exeId, p.method(), error, spawnErrors));
            return;
        }
        try {
            if (!resultRead) {
                // The result came before the id (buffered) or is missing (read as null).
                try (JsonParser late = deferred != null ? deferred.asParser(in.getCodec()) : json.getFactory().createParser("null")) {
                    late.nextToken();
                    result = p.reader().read(late);
                }
            }
            p.future().complete(result);
        } catch (IOException | RuntimeException e) {
            p.future().completeExceptionally(new ProtocolException(exeId,
                    "executor '" + exeId + "' sent an unreadable reply to " + p.method() + ": " + e.getMessage(), e));
        }
    }

    private static String skip(JsonParser in) throws IOException {
        in.skipChildren();
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private final class Reader implements ClientWebSocket.Listener {
        @Override
        public void onOpen() {
            opened.complete(RpcConnection.this);
        }

        @Override
        public void onMessage(byte[] message) {
            // Not onOpen: through a gateway the upgrade is answered by the gateway, not by the exec-server.
            Listener l = listener;
            if (l != null) {
                l.onHeard();
            }
            dispatch(message);
        }

        @Override
        public void onClosed(int code, String reason) {
            shutDown(lost("the executor closed the connection (code " + code + ")"));
        }

        @Override
        public void onFailure(Throwable t, Response response) {
            if (!opened.isDone()) {
                ExecutorException failure = UpgradeFailures.toException(exeId, directUrl, response, t);
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
