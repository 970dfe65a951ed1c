package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.protocol.Fs;
import dev.exemux.bridge.protocol.Initialize;
import dev.exemux.bridge.protocol.Methods;
import dev.exemux.bridge.protocol.ProcessMessages;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.FileMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One initialized exec-server session on one connection: the typed protocol, spoken in the peer's
 * dialect. Its messages are the records of {@code dev.exemux.bridge.protocol}, where every wire name
 * lives. Lifecycle (reconnect, resume, processes that outlive a connection) is {@link RemoteExecutor}'s.
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
     * the {@link Dialect}, learned from the reply (probed where the release reports no capabilities).
     * Fails with the handshake's error; the connection is the caller's to close then.
     */
    static CompletableFuture<ExecSession> handshake(
            RpcConnection rpc, ObjectMapper json, String resumeSessionId, Duration timeout, Duration callTimeout) {
        ObjectNode params = json.valueToTree(new Initialize.Params(CLIENT_NAME, resumeSessionId));
        return rpc.call(Methods.INITIALIZE, params, timeout).thenCompose(reply -> {
            rpc.notify(Methods.INITIALIZED, json.createObjectNode());
            Initialize.Result result = Wire.read(json, rpc.exeId(), reply, Initialize.Result.class, Methods.INITIALIZE);
            CompletableFuture<Dialect> learnt = Dialect.needsProbes(result)
                    ? HandshakeProbes.ask(rpc, json, timeout).thenApply(probed -> Dialect.learn(result, probed))
                    : CompletableFuture.completedFuture(Dialect.learn(result, null));
            return learnt.thenCombine(shell(rpc, json, timeout), (dialect, shell) -> {
                rpc.speak(dialect);
                ExecutorInfo info = describe(rpc.exeId(), result, dialect, shell);
                return new ExecSession(rpc, json, dialect, info, callTimeout);
            });
        });
    }

    /**
     * The shell that runs a command string, by one rule on every executor: {@code /bin/bash} where the
     * executor has it, else {@code /bin/sh}. (The peer's own {@code environmentInfo.shell} is the user's
     * login shell, reported by some releases only, and an object from 0.150.)
     */
    private static CompletableFuture<String> shell(RpcConnection rpc, ObjectMapper json, Duration timeout) {
        // Asked in both path styles at once (every release accepts one of them), alongside the dialect's
        // probes, so it adds no round trip to the handshake.
        CompletableFuture<Boolean> plain = isFile(rpc, json, PathStyle.PLAIN.encode(BASH), timeout);
        CompletableFuture<Boolean> uri = isFile(rpc, json, PathStyle.URI.encode(BASH), timeout);
        return plain.thenCombine(uri, (a, b) -> a || b ? BASH : "/bin/sh");
    }

    private static CompletableFuture<Boolean> isFile(RpcConnection rpc, ObjectMapper json, String path, Duration timeout) {
        return rpc.call(Methods.FS_GET_METADATA, json.valueToTree(new Fs.PathParams(path)), timeout)
                .handle((ok, err) -> err == null && ok.path("isFile").asBoolean(false));
    }

    static final String BASH = "/bin/bash";

    private static ExecutorInfo describe(String exeId, Initialize.Result init, Dialect dialect, String shell) {
        Initialize.EnvironmentInfo env = init.environmentInfo() != null
                ? init.environmentInfo() : new Initialize.EnvironmentInfo(null, null, null, null, null, null);
        return new ExecutorInfo(
                exeId,
                env.executorVersion(),
                env.platformOs(),
                init.sessionId(),
                PathStyle.decode(env.cwd()),
                PathStyle.decode(env.userHomeDir()),
                shell,
                dialect.capabilities());
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

    String path(String plain) {
        return dialect.paths().encode(plain);
    }

    /** A call whose params are a protocol record. */
    CompletableFuture<JsonNode> call(String method, Record params) {
        return rpc.call(method, json.valueToTree(params), callTimeout);
    }

    /** A call whose params and result are protocol records. */
    <R> CompletableFuture<R> call(String method, Record params, Class<R> result) {
        return call(method, params).thenApply(r -> Wire.read(json, rpc.exeId(), r, result, method));
    }

    // ---- fs/* ----

    CompletableFuture<FileMetadata> getMetadata(String path) {
        return call(Methods.FS_GET_METADATA, new Fs.PathParams(path(path)), Fs.Metadata.class).thenApply(m -> new FileMetadata(
                m.isDirectory(), m.isFile(), m.isSymlink(), m.size() != null ? m.size() : -1, m.modifiedAtMs()));
    }

    CompletableFuture<byte[]> readFile(String path) {
        String p = path(path);
        return rpc.call(Methods.FS_READ_FILE, out -> {
            out.writeStartObject();
            out.writeStringField(Fs.PATH, p);
            out.writeEndObject();
        }, callTimeout, in -> BinaryResults.read(in, Fs.DATA_BASE64).data());
    }

    CompletableFuture<Void> writeFile(String path, byte[] data) {
        String p = path(path);
        return rpc.call(Methods.FS_WRITE_FILE, out -> {
            out.writeStartObject();
            out.writeStringField(Fs.PATH, p);
            out.writeFieldName(Fs.DATA_BASE64);
            BinaryResults.writeBase64(out, data);
            out.writeEndObject();
        }, callTimeout, BinaryResults::skip);
    }

    CompletableFuture<List<DirectoryEntry>> readDirectory(String path) {
        return call(Methods.FS_READ_DIRECTORY, new Fs.PathParams(path(path)), Fs.Directory.class).thenApply(d -> {
            List<DirectoryEntry> entries = new ArrayList<>();
            for (Fs.Entry e : d.entries()) {
                entries.add(new DirectoryEntry(e.fileName(), e.isDirectory(), e.isFile()));
            }
            return entries;
        });
    }

    CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return call(Methods.FS_CREATE_DIRECTORY, new Fs.CreateDirectoryParams(path(path), recursive)).thenApply(r -> null);
    }

    CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return call(Methods.FS_REMOVE, new Fs.RemoveParams(path(path), recursive, force)).thenApply(r -> null);
    }

    CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        return call(Methods.FS_COPY, new Fs.CopyParams(path(source), path(destination), recursive)).thenApply(r -> null);
    }

    CompletableFuture<String> canonicalize(String path) {
        return call(Methods.FS_CANONICALIZE, new Fs.PathParams(path(path)), Fs.Canonical.class)
                .thenApply(c -> PathStyle.decode(c.path()));
    }

    CompletableFuture<Void> open(String handleId, String path, boolean replace) {
        return call(Methods.FS_OPEN, new Fs.OpenParams(handleId, path(path), replace ? Fs.OpenParams.REPLACE : null))
                .thenApply(r -> null);
    }

    /** @return the block and whether it reached end of file */
    CompletableFuture<dev.exemux.executor.ReadHandle.Block> readBlock(String handleId, long offset, int len) {
        return rpc.call(Methods.FS_READ_BLOCK, out -> {
            out.writeStartObject();
            out.writeStringField(Fs.HANDLE_ID, handleId);
            out.writeNumberField(Fs.OFFSET, offset);
            out.writeNumberField(Fs.LEN, len);
            out.writeEndObject();
        }, callTimeout, (RpcConnection.RawResultReader<dev.exemux.executor.ReadHandle.Block>)
                (in, message) -> BinaryResults.readBlock(in, message, Fs.CHUNK, rpc.exeId()));
    }

    CompletableFuture<Void> writeBlock(String handleId, long offset, dev.exemux.executor.ReadHandle.Block block) {
        return rpc.call(Methods.FS_WRITE_BLOCK, out -> {
            out.writeStartObject();
            out.writeStringField(Fs.HANDLE_ID, handleId);
            out.writeNumberField(Fs.OFFSET, offset);
            out.writeFieldName(Fs.CHUNK);
            BinaryResults.writeBase64(out, block);
            out.writeEndObject();
        }, callTimeout, BinaryResults::skip);
    }

    CompletableFuture<Void> writeBlock(String handleId, long offset, byte[] chunk) {
        return writeBlock(handleId, offset, new dev.exemux.executor.ReadHandle.Block(chunk, false));
    }

    CompletableFuture<Void> closeHandle(String handleId) {
        return call(Methods.FS_CLOSE, new Fs.HandleParams(handleId)).thenApply(r -> null);
    }

    // ---- process/* ----

    CompletableFuture<JsonNode> startProcess(String processId, List<String> argv, String cwd,
            java.util.Map<String, String> env, boolean tty, boolean pipeStdin) {
        return call(Methods.PROCESS_START, new ProcessMessages.StartParams(processId, argv, path(cwd), env, tty, pipeStdin, null));
    }

    CompletableFuture<ProcessMessages.ReadResult> readProcess(String processId, long afterSeq) {
        return call(Methods.PROCESS_READ, new ProcessMessages.ReadParams(processId, afterSeq >= 0 ? afterSeq : null, 0),
                ProcessMessages.ReadResult.class);
    }

    /**
     * The cheapest request every release answers (with "unknown process id"): any reply shows the peer
     * is answering. A non-blocking read, so it never holds up other calls on the connection.
     */
    CompletableFuture<Void> ping() {
        return call(Methods.PROCESS_READ, new ProcessMessages.ReadParams("exemux-liveness", 0L, 0)).handle((r, e) -> null);
    }

    CompletableFuture<String> writeProcess(String processId, byte[] data, String writeId) {
        return call(Methods.PROCESS_WRITE, new ProcessMessages.WriteParams(processId, Base64.getEncoder().encodeToString(data), writeId),
                ProcessMessages.WriteResult.class)
                .thenApply(r -> r.status() != null ? r.status() : ProcessMessages.WriteResult.ACCEPTED);
    }

    CompletableFuture<Void> signal(String processId) {
        return call(Methods.PROCESS_SIGNAL, new ProcessMessages.SignalParams(processId, ProcessMessages.SignalParams.INTERRUPT))
                .thenApply(r -> null);
    }

    CompletableFuture<Void> terminate(String processId) {
        return call(Methods.PROCESS_TERMINATE, new ProcessMessages.ProcessIdParams(processId)).thenApply(r -> null);
    }

    static ExecutorException cause(Throwable t) {
        return unwrap(t) instanceof ExecutorException ee ? ee : null;
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
