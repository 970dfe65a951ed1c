package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One packaged {@code bin/exemux} driven by the real MCP TypeScript SDK client
 * ({@code src/test/js/mcp-session.cjs}) over stdio, with many tool calls in flight at once: the front
 * door the soak, load and fault runs measure. Each call carries a client-side deadline; should the
 * client itself never answer, the call still ends here, as {@link Outcome#hung()}.
 */
final class McpSession implements AutoCloseable {

    private static final ObjectMapper JSON = McpClientDriver.JSON;
    /** How long past its own deadline a call may stay unanswered by the client before it counts as hung. */
    private static final long CLIENT_GRACE_MS = 15_000;

    /**
     * How one call ended. {@code result} is the CallToolResult when {@code ok}; {@code progress} the
     * notifications received when the call asked for them (else empty).
     */
    record Outcome(boolean ok, JsonNode result, String error, Integer errorCode, long ms, boolean hung, JsonNode progress) {

        Outcome(boolean ok, JsonNode result, String error, Integer errorCode, long ms, boolean hung) {
            this(ok, result, error, errorCode, ms, hung, McpClientDriver.JSON.createArrayNode());
        }

        boolean isError() {
            return ok && result.path("isError").asBoolean();
        }

        JsonNode structured() {
            return result == null ? null : result.path("structuredContent");
        }

        String text() {
            return result == null ? "" : McpClientDriver.Report.text(result);
        }

        /** The client's deadline passed (SDK RequestTimeout) or the client never answered. */
        boolean timedOut() {
            return hung || (!ok && Integer.valueOf(-32001).equals(errorCode));
        }
    }

    private final Process node;
    private final OutputStream in;
    private final Map<Long, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long serverPid;
    private final List<String> tools;

    private McpSession(Process node, JsonNode ready) {
        this.node = node;
        this.in = node.getOutputStream();
        this.serverPid = ready.path("pid").asLong();
        List<String> names = new ArrayList<>();
        ready.path("tools").forEach(t -> names.add(t.asText()));
        this.tools = List.copyOf(names);
    }

    /**
     * Starts bin/exemux under the client with PATH/HOME/JAVA_HOME plus {@code env}; the server's stderr
     * is written to {@code stderrFile}.
     */
    static McpSession start(Map<String, String> env, Path stderrFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("node", Path.of(jsDir(), "mcp-session.cjs").toString());
        pb.environment().put("NODE_PATH", McpClientDriver.sdkNodeModules().toString());
        pb.environment().put("SHLVL", "1");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process node = pb.start();
        ObjectNode config = JSON.createObjectNode().put("command", McpClientDriver.launcher().toString());
        McpClientDriver.serverEnv(config.putObject("env"), env);
        config.put("stderrFile", stderrFile.toAbsolutePath().toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        node.getOutputStream().write((JSON.writeValueAsString(config) + "\n").getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().flush();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            throw new IOException("the MCP client did not connect to bin/exemux within 60 s", e);
        }
        JsonNode ready = line == null ? null : JSON.readTree(line);
        if (ready == null || !"ready".equals(ready.path("event").asText())) {
            node.destroyForcibly();
            throw new IOException("the MCP client could not start bin/exemux: " + line);
        }
        McpSession session = new McpSession(node, ready);
        Thread reader = new Thread(() -> session.readReplies(out), "mcp-session-reader");
        reader.setDaemon(true);
        reader.start();
        return session;
    }

    /** Where the node drivers live: {@code -Dexemux.js} or mcp-server/src/test/js from the module or the repo root. */
    private static String jsDir() {
        String configured = System.getProperty("exemux.js");
        if (configured != null) {
            return configured;
        }
        Path inModule = Path.of("src", "test", "js");
        return (inModule.resolve("mcp-session.cjs").toFile().isFile() ? inModule : Path.of("mcp-server", "src", "test", "js"))
                .toAbsolutePath().toString();
    }

    /** The pid of the exemux JVM ({@code bin/exemux} execs java). */
    long serverPid() {
        return serverPid;
    }

    List<String> tools() {
        return tools;
    }

    CompletableFuture<Outcome> call(String tool, ObjectNode arguments, long timeoutMs) {
        return start(tool, arguments, timeoutMs, false).outcome();
    }

    /** A call in flight: its id (for {@link #cancel}) and how it ends. */
    record Call(long id, CompletableFuture<Outcome> outcome) {}

    /** Starts a call, asking for progress notifications when {@code progress}. */
    Call start(String tool, ObjectNode arguments, long timeoutMs, boolean progress) {
        long id = ids.incrementAndGet();
        return new Call(id, call(id, tool, arguments, timeoutMs, progress));
    }

    /** The client aborts the call: the SDK sends {@code notifications/cancelled} and the call ends with an error. */
    void cancel(Call call) throws IOException {
        send(JSON.createObjectNode().put("id", ids.incrementAndGet()).put("op", "cancel").put("call", call.id()));
    }

    private CompletableFuture<Outcome> call(long id, String tool, ObjectNode arguments, long timeoutMs, boolean progress) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode request = JSON.createObjectNode().put("id", id).put("name", tool).put("timeoutMs", timeoutMs)
                .put("progress", progress);
        request.set("arguments", arguments);
        try {
            send(request);
        } catch (IOException e) {
            pending.remove(id);
            f.complete(new Outcome(false, null, "the MCP client is gone: " + e.getMessage(), null, 0, false));
            return f;
        }
        f.completeOnTimeout(new Outcome(false, null, "no answer from the MCP client", null,
                timeoutMs + CLIENT_GRACE_MS, true), timeoutMs + CLIENT_GRACE_MS, TimeUnit.MILLISECONDS);
        f.whenComplete((o, e) -> pending.remove(id));
        return f;
    }

    private synchronized void send(ObjectNode request) throws IOException {
        in.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void readReplies(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode reply = JSON.readTree(line);
                CompletableFuture<Outcome> f = pending.remove(reply.path("id").asLong());
                if (f == null) {
                    continue;
                }
                JsonNode error = reply.path("error");
                f.complete(new Outcome(reply.path("ok").asBoolean(), reply.has("result") ? reply.get("result") : reply,
                        error.isMissingNode() ? null : error.path("message").asText(),
                        error.path("code").isInt() ? error.path("code").asInt() : null,
                        reply.path("ms").asLong(), false,
                        reply.path("progress").isArray() ? reply.get("progress") : JSON.createArrayNode()));
            }
        } catch (IOException e) {
            // the client ended; pending calls end by their own timeout
        }
    }

    /** Closes the client (which closes the server's stdin) and returns the server's exit code, or -1. */
    int closeAndWait() {
        try {
            CompletableFuture<Outcome> closed = new CompletableFuture<>();
            long id = ids.incrementAndGet();
            pending.put(id, closed);
            send(JSON.createObjectNode().put("id", id).put("op", "close"));
            Outcome o = closed.get(30, TimeUnit.SECONDS);
            node.waitFor(10, TimeUnit.SECONDS);
            return o.result().path("exitCode").asInt(-1);
        } catch (Exception e) {
            return -1;
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (node.isAlive()) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
    }
}
