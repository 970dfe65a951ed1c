package dev.exemux.bridge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A scripted exec-server on MockWebServer, for the faults a real codex release cannot make on demand:
 * refused upgrades, drops mid-call, silence, malformed frames. By default it behaves like a minimal
 * modern release (URI paths, no streamed fs, -32601 for what it does not know); a test changes one
 * method's answer with {@link #on}. Reachable directly ({@link #url}) or as a gateway ({@link #bridgeUrl}).
 */
final class FakePeer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build());

    /** How the peer answers one request; may send anything on {@code ws} itself. */
    interface Answer {
        /** @return the result to reply with, or null to send nothing */
        JsonNode answer(JsonNode params, WebSocket ws) throws Exception;
    }

    /** Sends nothing, ever: a peer that stopped answering. */
    static final Answer SILENCE = (params, ws) -> null;

    /** Cuts the TCP connection without a close handshake, as a crash or network failure would. */
    static final Answer DROP = (params, ws) -> {
        // A server-side WebSocket has no call to cancel(); failing it closes the socket without a close frame.
        ((okhttp3.internal.ws.RealWebSocket) ws).failWebSocket(new IOException("dropped by the test"), null, false);
        return null;
    };

    private final MockWebServer server = new MockWebServer();
    private final Deque<MockResponse> refusals = new ConcurrentLinkedDeque<>();
    private final java.util.Map<String, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<RecordedRequest> upgradeRequests = new CopyOnWriteArrayList<>();
    private final AtomicLong largestMessage = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile MockResponse refuseAll;
    private volatile boolean dropDeflateOffers;

    private FakePeer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                upgradeRequests.add(request);
                if (dropDeflateOffers && request.getHeaders().get("Sec-WebSocket-Extensions") != null) {
                    // What codex <= 0.130 does: hang up during the handshake, no HTTP answer.
                    return new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build();
                }
                MockResponse refusal = refusals.poll();
                if (refusal == null) {
                    refusal = refuseAll;
                }
                if (refusal != null) {
                    return refusal;
                }
                accepted.incrementAndGet();
                return new MockResponse.Builder().webSocketUpgrade(new Connection()).build();
            }
        });
        on("initialize", (params, ws) -> JSON.readTree("""
                {"sessionId":"fake-session","environmentInfo":{"cwd":"file:///tmp","userHomeDir":"file:///root",
                 "platformOs":"linux","executorVersion":"0.0.0-fake","shell":"sh"}}"""));
        on("fs/getMetadata", (params, ws) -> JSON.readTree(
                "{\"isDirectory\":true,\"isFile\":false,\"isSymlink\":false,\"createdAtMs\":0,\"modifiedAtMs\":1,\"size\":4096}"));
        on("fs/writeFile", (params, ws) -> JSON.createObjectNode());
        on("fs/remove", (params, ws) -> JSON.createObjectNode());
        on("process/start", (params, ws) -> {
            String id = params.path("processId").asText();
            // Ends at once with exit 0: enough for helper commands (joining parts, rename).
            ws.send("{\"method\":\"process/exited\",\"params\":{\"processId\":\"" + id + "\",\"seq\":1,\"exitCode\":0}}");
            ws.send("{\"method\":\"process/closed\",\"params\":{\"processId\":\"" + id + "\",\"seq\":2}}");
            return JSON.createObjectNode().put("processId", id);
        });
        on("process/write", (params, ws) -> JSON.createObjectNode().put("status", "accepted"));
    }

    /**
     * A {@code process/start} answer for a process that runs on: sends what exemux's launcher prints
     * first (its start token, as {@code process/output} seq 1), so the start completes.
     */
    static JsonNode runningProcess(JsonNode params, WebSocket ws) {
        String id = params.path("processId").asText();
        String marker = params.path("argv").path(3).asText();
        String token = java.util.Base64.getEncoder().encodeToString((marker + "s4242;").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ws.send("{\"method\":\"process/output\",\"params\":{\"processId\":\"" + id + "\",\"seq\":1,\"stream\":\"stdout\","
                + "\"chunk\":\"" + token + "\"}}");
        return JSON.createObjectNode().put("processId", id);
    }

    static FakePeer start() {
        FakePeer peer = new FakePeer();
        try {
            peer.server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return peer;
    }

    /** Direct-mode URL, {@code ws://127.0.0.1:<port>}. */
    String url() {
        return "ws://127.0.0.1:" + server.getPort();
    }

    /** Gateway-mode base URL: exemux appends {@code /<exe_id>}. */
    String bridgeUrl() {
        return url() + "/bridge";
    }

    FakePeer on(String method, Answer answer) {
        answers.put(method, answer);
        return this;
    }

    /** The next upgrade gets {@code response} instead of a 101 (queued, one per upgrade). */
    FakePeer refuseNext(MockResponse response) {
        refusals.add(response);
        return this;
    }

    /** Every upgrade gets HTTP {@code status} from now on; 0 accepts them again. */
    FakePeer refuseAll(int status) {
        refuseAll = status == 0 ? null : refusal(status);
        return this;
    }

    FakePeer dropDeflateOffers() {
        dropDeflateOffers = true;
        return this;
    }

    /** Answers the probes for fs/writeBlock like 0.161+, so writes go out as 1 MiB blocks. */
    FakePeer withStreamedWrite() {
        on("fs/open", (params, ws) -> JSON.createObjectNode());
        on("fs/writeBlock", (params, ws) -> {
            if ("exemux-probe".equals(params.path("handleId").asText())) {
                throw new RpcError(-32004, "unknown file (write) handle");
            }
            return JSON.createObjectNode();
        });
        on("fs/close", (params, ws) -> JSON.createObjectNode());
        return this;
    }

    static MockResponse refusal(int status) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"refused\",\"message\":\"status " + status + "\"}").build();
    }

    /** Every HTTP request that reached the peer (upgrades and refused ones). */
    int requestCount() {
        return server.getRequestCount();
    }

    List<RecordedRequest> upgradeRequests() {
        return List.copyOf(upgradeRequests);
    }

    /** Upgrades answered with 101. */
    int accepted() {
        return accepted.get();
    }

    /** The largest message received, in bytes (OkHttp sends each message as one frame). */
    long largestMessage() {
        return largestMessage.get();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Thrown by an {@link Answer} to reply with a JSON-RPC error. */
    static final class RpcError extends RuntimeException {
        final int code;

        RpcError(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final class Connection extends WebSocketListener {
        @Override
        public void onOpen(WebSocket ws, Response response) {}

        @Override
        public void onMessage(WebSocket ws, String text) {
            largestMessage.accumulateAndGet(text.length(), Math::max);
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                return;
            }
            String method = message.path("method").asText();
            JsonNode id = message.get("id");
            if (id == null) {
                return; // notifications (initialized)
            }
            Answer answer = answers.get(method);
            ObjectNode reply = JSON.createObjectNode();
            reply.set("id", id);
            try {
                if (answer == null) {
                    throw new RpcError(-32601, "exec-server stub does not implement `" + method + "` yet");
                }
                JsonNode result = answer.answer(message.path("params"), ws);
                if (result == null) {
                    return;
                }
                reply.set("result", result);
            } catch (RpcError e) {
                reply.putObject("error").put("code", e.code).put("message", e.getMessage());
            } catch (Exception e) {
                reply.putObject("error").put("code", -32603).put("message", e.toString());
            }
            ws.send(reply.toString());
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            onMessage(ws, bytes.utf8());
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
        }
    }
}
