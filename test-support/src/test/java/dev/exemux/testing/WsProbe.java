package dev.exemux.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** A plain OkHttp WebSocket client that records what happens to it, for asserting on the gateway. */
final class WsProbe implements AutoCloseable {

    sealed interface Event permits Opened, Text, Binary, Closing, Closed, Failed {}

    record Opened(Response response) implements Event {}

    record Text(String text) implements Event {}

    record Binary(ByteString bytes) implements Event {}

    record Closing(int code, String reason) implements Event {}

    record Closed(int code, String reason) implements Event {}

    /** {@code response} is the HTTP answer when the upgrade itself was refused, else null. */
    record Failed(Throwable error, Integer status, String body) implements Event {}

    /** Jackson caps strings at 20 MB by default; a big fs/readFile reply is bigger. */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .readTimeout(0, TimeUnit.SECONDS)
            .build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WebSocket webSocket;

    private WsProbe(String url, String token, Duration pingInterval) {
        OkHttpClient client = pingInterval.isZero()
                ? CLIENT
                : CLIENT.newBuilder().pingInterval(pingInterval).build();
        Request.Builder request = new Request.Builder().url(url);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        webSocket = client.newWebSocket(request.build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                events.add(new Opened(response));
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                events.add(new Text(text));
            }

            @Override
            public void onMessage(WebSocket ws, ByteString bytes) {
                events.add(new Binary(bytes));
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                events.add(new Closing(code, reason));
                ws.close(code, null);
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason) {
                events.add(new Closed(code, reason));
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                Integer status = null;
                String body = null;
                if (response != null) {
                    status = response.code();
                    try {
                        body = response.body().string();
                    } catch (IOException | RuntimeException e) {
                        body = "<unreadable: " + e + ">";
                    }
                }
                events.add(new Failed(t, status, body));
            }
        });
    }

    static WsProbe connect(String url, String token) {
        return new WsProbe(url, token, Duration.ZERO);
    }

    /** Connects and waits for the 101. */
    static WsProbe open(String url, String token) {
        return open(url, token, Duration.ZERO);
    }

    /** Connects with OkHttp pings every {@code pingInterval} (a missing pong fails the socket) and waits for the 101. */
    static WsProbe open(String url, String token, Duration pingInterval) {
        WsProbe probe = new WsProbe(url, token, pingInterval);
        Event first = probe.next(Duration.ofSeconds(15));
        if (!(first instanceof Opened)) {
            probe.close();
            fail("expected the upgrade to succeed, got " + first);
        }
        return probe;
    }

    void send(String text) {
        assertTrue(webSocket.send(text), "send refused (socket closing or queue full)");
    }

    void send(ByteString bytes) {
        assertTrue(webSocket.send(bytes), "send refused (socket closing or queue full)");
    }

    /** The next event, or null after {@code timeout}. */
    Event next(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next text message as JSON; fails on anything else. */
    JsonNode nextJson(Duration timeout) {
        Event event = next(timeout);
        assertNotNull(event, "no message within " + timeout);
        if (event instanceof Text text) {
            try {
                return JSON.readTree(text.text());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + abbreviate(text.text()), e);
            }
        }
        throw new AssertionError("expected a text message, got " + abbreviate(String.valueOf(event)));
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
    }

    /** Sends a JSON-RPC request and returns its reply. */
    JsonNode call(int id, String method, Object params, Duration timeout) {
        send(request(id, method, params));
        JsonNode reply = nextJson(timeout);
        assertTrue(reply.path("id").asInt() == id, () -> "reply to another request: " + abbreviate(reply.toString()));
        return reply;
    }

    static String request(int id, String method, Object params) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the notification that must follow the {@code initialize} reply before any other call. */
    void initialized() {
        send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}");
    }

    void closeNormally() {
        webSocket.close(1000, "done");
    }

    @Override
    public void close() {
        webSocket.cancel();
    }
}
