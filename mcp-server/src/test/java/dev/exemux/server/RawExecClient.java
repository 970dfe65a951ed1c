package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal JSON-RPC client for one exec-server session over the JDK's WebSocket, with many calls in
 * flight: the baseline the load run compares exemux against, and a fresh direct look at an executor
 * (e.g. {@code ps}) that shares nothing with exemux. Speaks just enough of the protocol
 * ({@code docs/exec-server.md}): initialize, path style by probe, fs calls, and a process run
 * to its {@code process/closed}.
 */
final class RawExecClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = McpClientDriver.JSON;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Map<String, ProcessRun> processes = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private boolean fileUris;

    /** Output and exit of a process started by {@link #run}. */
    record ProcessResult(int exitCode, String stdout) {}

    private static final class ProcessRun {
        final CompletableFuture<ProcessResult> done = new CompletableFuture<>();
        final StringBuilder stdout = new StringBuilder();
        volatile int exitCode = Integer.MIN_VALUE;
    }

    private RawExecClient() {}

    /** Connects to {@code url} (an exec-server, or a gateway bridge URL with {@code bearer}) and initializes. */
    static RawExecClient connect(String url, String bearer) throws Exception {
        RawExecClient c = new RawExecClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        c.ws = b.buildAsync(URI.create(url), c).get(15, TimeUnit.SECONDS);
        c.request("initialize", JSON.createObjectNode().put("clientName", "exemux-raw")).get(15, TimeUnit.SECONDS);
        c.ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}", true).get(15, TimeUnit.SECONDS);
        // Plain paths until 0.142, file:// URIs from 0.143 (exec-server.md §5): probe once.
        JsonNode probe = c.request("fs/getMetadata", JSON.createObjectNode().put("path", "/")).get(15, TimeUnit.SECONDS);
        c.fileUris = probe.has("error");
        return c;
    }

    String path(String absolute) {
        return fileUris ? "file://" + absolute.replace(" ", "%20") : absolute;
    }

    /** Sends one request; the future ends with the whole reply (result or error). */
    CompletableFuture<JsonNode> request(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        calls.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        msg.set("params", params);
        synchronized (this) {
            // The JDK WebSocket allows one outstanding send: chain them.
            ws.sendText(msg.toString(), true).join();
        }
        return f;
    }

    CompletableFuture<JsonNode> stat(String absolute) {
        return request("fs/getMetadata", JSON.createObjectNode().put("path", path(absolute)));
    }

    CompletableFuture<JsonNode> readFile(String absolute) {
        return request("fs/readFile", JSON.createObjectNode().put("path", path(absolute)));
    }

    /** Starts {@code argv} and completes when the process has closed (all output in). */
    CompletableFuture<ProcessResult> run(List<String> argv, String cwd) {
        String id = "raw-" + ids.incrementAndGet();
        ProcessRun run = new ProcessRun();
        processes.put(id, run);
        ObjectNode params = JSON.createObjectNode().put("processId", id);
        argv.forEach(params.putArray("argv")::add);
        params.put("cwd", path(cwd));
        params.putObject("env").put("PATH", System.getenv("PATH"));
        params.put("tty", false).put("pipeStdin", false).putNull("arg0");
        return request("process/start", params).thenCompose(reply -> {
            if (reply.has("error")) {
                processes.remove(id);
                return CompletableFuture.failedFuture(new IllegalStateException("process/start failed: " + reply));
            }
            return run.done;
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                dispatch(JSON.readTree(text));
            } catch (Exception e) {
                // not JSON: ignore (the peer never sends that)
            }
        }
        webSocket.request(1);
        return null;
    }

    private void dispatch(JsonNode m) {
        if (m.has("id") && !m.has("method")) {
            CompletableFuture<JsonNode> f = calls.remove(m.path("id").asLong());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        JsonNode p = m.path("params");
        ProcessRun run = processes.get(p.path("processId").asText());
        if (run == null) {
            return;
        }
        switch (m.path("method").asText()) {
            case "process/output" -> {
                if ("stdout".equals(p.path("stream").asText())) {
                    run.stdout.append(new String(Base64.getDecoder().decode(p.path("chunk").asText()), StandardCharsets.UTF_8));
                }
            }
            case "process/exited" -> run.exitCode = p.path("exitCode").asInt();
            case "process/closed" -> {
                processes.remove(p.path("processId").asText());
                run.done.complete(new ProcessResult(run.exitCode, run.stdout.toString()));
            }
            default -> { }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failAll(new IllegalStateException("connection closed: " + statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failAll(error);
    }

    private void failAll(Throwable t) {
        calls.values().forEach(f -> f.completeExceptionally(t));
        processes.values().forEach(r -> r.done.completeExceptionally(t));
    }

    @Override
    public void close() {
        ws.abort();
        failAll(new IllegalStateException("closed"));
    }
}
