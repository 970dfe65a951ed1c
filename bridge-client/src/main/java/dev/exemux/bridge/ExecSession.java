package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorInfo.Capabilities;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.UnsupportedByExecutorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One initialized exec-server session on one connection: the typed protocol, spoken in the peer's
 * dialect. Lifecycle (reconnect, resume, processes that outlive a connection) is {@link RemoteExecutor}'s.
 */
final class ExecSession {

    static final String CLIENT_NAME = "exemux";

    private final RpcConnection rpc;
    private final ObjectMapper json;
    private final Dialect dialect;
    private final ExecutorInfo info;
    private final Duration callTimeout;

    private ExecSession(RpcConnection rpc, ObjectMapper json, Dialect dialect, ExecutorInfo info, Duration callTimeout) {
        this.rpc = rpc;
        this.json = json;
        this.dialect = dialect;
        this.info = info;
        this.callTimeout = callTimeout;
    }

    /**
     * {@code initialize} (resuming {@code resumeSessionId} when given) -> {@code initialized} ->
     * dialect probes. Fails with the handshake's error; the connection is the caller's to close then.
     */
    static CompletableFuture<ExecSession> handshake(
            RpcConnection rpc, ObjectMapper json, String resumeSessionId, Duration timeout, Duration callTimeout) {
        ObjectNode params = json.createObjectNode().put("clientName", CLIENT_NAME);
        if (resumeSessionId != null) {
            params.put("resumeSessionId", resumeSessionId);
        }
        return rpc.call("initialize", params, timeout).thenCompose(result -> {
            rpc.notify("initialized", json.createObjectNode());
            return probe(rpc, json, result, timeout).thenApply(dialect -> {
                ExecutorInfo info = describe(rpc.exeId(), result, dialect);
                return new ExecSession(rpc, json, dialect, info, callTimeout);
            });
        });
    }

    /**
     * Learns the path style and which methods exist. Probes run in parallel and are harmless: an
     * unknown method gets -32601, an unknown handle or process id gets an error or {@code {}}.
     */
    private static CompletableFuture<Dialect> probe(RpcConnection rpc, ObjectMapper json, JsonNode init, Duration timeout) {
        boolean hasEnvironmentInfo = init.hasNonNull("environmentInfo");
        CompletableFuture<PathStyle> paths = hasEnvironmentInfo
                ? CompletableFuture.completedFuture(PathStyle.URI)
                : rpc.call("fs/getMetadata", json.createObjectNode().put("path", "/"), timeout)
                        .handle((ok, err) -> err == null ? PathStyle.PLAIN : PathStyle.URI);
        CompletableFuture<Boolean> streamedRead = exists(rpc.call("fs/readBlock",
                json.createObjectNode().put("handleId", "exemux-probe").put("offset", 0).put("len", 1), timeout));
        CompletableFuture<Boolean> streamedWrite = exists(rpc.call("fs/writeBlock",
                json.createObjectNode().put("handleId", "exemux-probe").put("offset", 0).put("chunk", ""), timeout));
        CompletableFuture<Boolean> signal = exists(rpc.call("process/signal",
                json.createObjectNode().put("processId", "exemux-probe").put("signal", "interrupt"), timeout));
        // http/request arrived in 0.124, just after piped stdin started working (0.122).
        CompletableFuture<Boolean> http = exists(rpc.call("http/request", json.createObjectNode(), timeout));
        return CompletableFuture.allOf(paths, streamedRead, streamedWrite, signal, http).thenApply(v -> new Dialect(
                paths.join(),
                new Capabilities(streamedRead.join(), streamedWrite.join(), signal.join(), http.join(), http.join())));
    }

    private static CompletableFuture<Boolean> exists(CompletableFuture<JsonNode> probe) {
        return probe.handle((ok, err) -> {
            Throwable cause = err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
            if (cause == null || cause instanceof RemoteCallException) {
                return true;
            }
            if (cause instanceof UnsupportedByExecutorException) {
                return false;
            }
            throw cause instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(cause);
        });
    }

    private static ExecutorInfo describe(String exeId, JsonNode init, Dialect dialect) {
        JsonNode env = init.path("environmentInfo");
        return new ExecutorInfo(
                exeId,
                textOrNull(env, "executorVersion"),
                textOrNull(env, "platformOs"),
                textOrNull(init, "sessionId"),
                PathStyle.decode(textOrNull(env, "cwd")),
                PathStyle.decode(textOrNull(env, "userHomeDir")),
                textOrNull(env, "shell"),
                dialect.capabilities());
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    ExecutorInfo info() {
        return info;
    }

    Dialect dialect() {
        return dialect;
    }

    String sessionId() {
        return info.sessionId();
    }

    boolean isOpen() {
        return rpc.isOpen();
    }

    boolean hasCallsInFlight() {
        return rpc.hasCallsInFlight();
    }

    void close() {
        rpc.close();
    }

    void abort() {
        rpc.abort();
    }

    ObjectNode params() {
        return json.createObjectNode();
    }

    String path(String plain) {
        return dialect.paths().encode(plain);
    }

    CompletableFuture<JsonNode> call(String method, ObjectNode params) {
        return rpc.call(method, params, callTimeout);
    }

    // ---- fs/* ----

    CompletableFuture<FileMetadata> getMetadata(String path) {
        return call("fs/getMetadata", params().put("path", path(path))).thenApply(r -> new FileMetadata(
                r.path("isDirectory").asBoolean(), r.path("isFile").asBoolean(), r.path("isSymlink").asBoolean(),
                r.has("size") ? r.path("size").asLong() : -1, r.path("modifiedAtMs").asLong(0)));
    }

    CompletableFuture<byte[]> readFile(String path) {
        String p = path(path);
        return rpc.call("fs/readFile", out -> {
            out.writeStartObject();
            out.writeStringField("path", p);
            out.writeEndObject();
        }, callTimeout, in -> BinaryResults.read(in, "dataBase64").data());
    }

    CompletableFuture<Void> writeFile(String path, byte[] data) {
        String p = path(path);
        return rpc.call("fs/writeFile", out -> {
            out.writeStartObject();
            out.writeStringField("path", p);
            out.writeFieldName("dataBase64");
            BinaryResults.writeBase64(out, data);
            out.writeEndObject();
        }, callTimeout, BinaryResults::skip);
    }

    CompletableFuture<List<DirectoryEntry>> readDirectory(String path) {
        return call("fs/readDirectory", params().put("path", path(path))).thenApply(r -> {
            List<DirectoryEntry> entries = new ArrayList<>();
            for (JsonNode e : r.path("entries")) {
                entries.add(new DirectoryEntry(e.path("fileName").asText(), e.path("isDirectory").asBoolean(), e.path("isFile").asBoolean()));
            }
            return entries;
        });
    }

    CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return call("fs/createDirectory", params().put("path", path(path)).put("recursive", recursive)).thenApply(r -> null);
    }

    CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return call("fs/remove", params().put("path", path(path)).put("recursive", recursive).put("force", force))
                .thenApply(r -> null);
    }

    CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        return call("fs/copy", params().put("sourcePath", path(source)).put("destinationPath", path(destination))
                .put("recursive", recursive)).thenApply(r -> null);
    }

    CompletableFuture<String> canonicalize(String path) {
        return call("fs/canonicalize", params().put("path", path(path))).thenApply(r -> PathStyle.decode(r.path("path").asText()));
    }

    CompletableFuture<Void> open(String handleId, String path, boolean replace) {
        ObjectNode p = params().put("handleId", handleId).put("path", path(path));
        if (replace) {
            p.put("mode", "replace");
        }
        return call("fs/open", p).thenApply(r -> null);
    }

    /** @return the block and whether it reached end of file */
    CompletableFuture<dev.exemux.executor.ReadHandle.Block> readBlock(String handleId, long offset, int len) {
        return rpc.call("fs/readBlock", out -> {
            out.writeStartObject();
            out.writeStringField("handleId", handleId);
            out.writeNumberField("offset", offset);
            out.writeNumberField("len", len);
            out.writeEndObject();
        }, callTimeout, in -> {
            BinaryResults.Read r = BinaryResults.read(in, "chunk");
            return new dev.exemux.executor.ReadHandle.Block(r.data(), r.eof());
        });
    }

    CompletableFuture<Void> writeBlock(String handleId, long offset, byte[] chunk) {
        return rpc.call("fs/writeBlock", out -> {
            out.writeStartObject();
            out.writeStringField("handleId", handleId);
            out.writeNumberField("offset", offset);
            out.writeFieldName("chunk");
            BinaryResults.writeBase64(out, chunk);
            out.writeEndObject();
        }, callTimeout, BinaryResults::skip);
    }

    CompletableFuture<Void> closeHandle(String handleId) {
        return call("fs/close", params().put("handleId", handleId)).thenApply(r -> null);
    }

    // ---- process/* ----

    CompletableFuture<JsonNode> startProcess(String processId, List<String> argv, String cwd,
            java.util.Map<String, String> env, boolean tty, boolean pipeStdin) {
        ObjectNode p = params().put("processId", processId);
        argv.forEach(p.putArray("argv")::add);
        p.put("cwd", path(cwd));
        ObjectNode e = p.putObject("env");
        env.forEach(e::put);
        p.put("tty", tty).put("pipeStdin", pipeStdin);
        p.putNull("arg0");
        return call("process/start", p);
    }

    CompletableFuture<JsonNode> readProcess(String processId, long afterSeq) {
        ObjectNode p = params().put("processId", processId).put("waitMs", 0);
        if (afterSeq >= 0) {
            p.put("afterSeq", afterSeq);
        }
        return call("process/read", p);
    }

    /**
     * The cheapest request every release answers (with "unknown process id"): any reply shows the peer
     * is answering. A non-blocking read, so it never holds up other calls on the connection.
     */
    CompletableFuture<Void> ping() {
        return call("process/read", params().put("processId", "exemux-liveness").put("afterSeq", 0).put("waitMs", 0))
                .handle((r, e) -> null);
    }

    CompletableFuture<String> writeProcess(String processId, byte[] data, String writeId) {
        return call("process/write", params().put("processId", processId)
                .put("chunk", Base64.getEncoder().encodeToString(data)).put("writeId", writeId))
                .thenApply(r -> r.path("status").asText("accepted"));
    }

    CompletableFuture<Void> signal(String processId) {
        return call("process/signal", params().put("processId", processId).put("signal", "interrupt")).thenApply(r -> null);
    }

    CompletableFuture<Void> terminate(String processId) {
        return call("process/terminate", params().put("processId", processId)).thenApply(r -> null);
    }

    static ExecutorException cause(Throwable t) {
        return unwrap(t) instanceof ExecutorException ee ? ee : null;
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
