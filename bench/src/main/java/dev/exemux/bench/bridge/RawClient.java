package dev.exemux.bench.bridge;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The baseline: the least a client can do over OkHttp's WebSocket for one {@code fs/getMetadata} round
 * trip (send a prebuilt JSON string, take the next message) or one short process (send
 * {@code process/start}, take messages until its {@code process/closed}). No parsing, no id matching, no
 * deadlines, no socket tuning; one request in flight at a time.
 */
final class RawClient implements AutoCloseable {

    private final OkHttpClient http;
    private final WebSocket socket;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final String requestPrefix;
    private final String requestSuffix;
    private long nextId = 1;

    RawClient(String url, String uriPath) throws InterruptedException {
        // Same wire settings as the bridge client: no deflate offer (codex <= 0.130 hangs up on it).
        http = new OkHttpClient.Builder()
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().removeHeader("Sec-WebSocket-Extensions").build()))
                .build();
        socket = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket ws, String text) {
                replies.add(text);
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                replies.add("FAILED " + t);
            }
        });
        requestPrefix = "{\"jsonrpc\":\"2.0\",\"id\":";
        requestSuffix = ",\"method\":\"fs/getMetadata\",\"params\":{\"path\":\"" + uriPath + "\"}}";
        roundTrip("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"clientName\":\"raw-bench\"}}");
        socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    }

    /** One fs/getMetadata round trip; returns the reply text. */
    String stat() throws InterruptedException {
        return roundTrip(requestPrefix + (nextId++) + requestSuffix);
    }

    /** Runs {@code true} in {@code cwdUri} and waits for the process to be closed. */
    void runTrue(String cwdUri) throws InterruptedException {
        long id = nextId++;
        socket.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"process/start\",\"params\":{\"processId\":\"raw-" + id
                + "\",\"argv\":[\"true\"],\"cwd\":\"" + cwdUri + "\",\"env\":{\"PATH\":\"/usr/bin:/bin\"},\"tty\":false,\"pipeStdin\":false,\"arg0\":null}}");
        String closed = "\"processId\":\"raw-" + id + "\"";
        while (true) {
            String message = replies.poll(30, TimeUnit.SECONDS);
            if (message == null || message.startsWith("FAILED") || message.contains("\"error\"")) {
                throw new IllegalStateException("raw client got " + message);
            }
            if (message.contains("process/closed") && message.contains(closed)) {
                return;
            }
        }
    }

    private String roundTrip(String request) throws InterruptedException {
        socket.send(request);
        String reply = replies.poll(30, TimeUnit.SECONDS);
        if (reply == null || reply.startsWith("FAILED") || !reply.contains("\"result\"")) {
            throw new IllegalStateException("raw client got " + reply);
        }
        return reply;
    }

    @Override
    public void close() {
        socket.cancel();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
