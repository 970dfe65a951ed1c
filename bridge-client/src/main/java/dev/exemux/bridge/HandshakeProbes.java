package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.bridge.protocol.Fs;
import dev.exemux.bridge.protocol.Methods;
import dev.exemux.bridge.protocol.ProcessMessages;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.UnsupportedByExecutorException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks a release that reports no capabilities (before 0.150) what {@link Dialect#learn} needs. The
 * probes run in parallel and are harmless: an unknown method gets -32601, an unknown handle or process
 * id an error or {@code {}}; {@code fs/getMetadata "/"} in both path styles shows which style the
 * release takes and whether its replies carry sizes.
 */
final class HandshakeProbes {

    /** A handle or process id no session has: probes use it so that they touch nothing. */
    static final String PROBE_ID = "exemux-probe";

    /** One probe's reply: its result, or the error it completed with. */
    record Answer(JsonNode result, Throwable error) {}

    private HandshakeProbes() {}

    static CompletableFuture<Dialect.Probed> ask(RpcConnection rpc, ObjectMapper json, Duration timeout) {
        CompletableFuture<Answer> plainRoot = answer(rpc.call(Methods.FS_GET_METADATA,
                json.valueToTree(new Fs.PathParams(PathStyle.PLAIN.encode("/"))), timeout));
        CompletableFuture<Answer> uriRoot = answer(rpc.call(Methods.FS_GET_METADATA,
                json.valueToTree(new Fs.PathParams(PathStyle.URI.encode("/"))), timeout));
        CompletableFuture<Answer> readBlock = answer(rpc.call(Methods.FS_READ_BLOCK,
                json.createObjectNode().put(Fs.HANDLE_ID, PROBE_ID).put(Fs.OFFSET, 0).put(Fs.LEN, 1), timeout));
        CompletableFuture<Answer> writeBlock = answer(rpc.call(Methods.FS_WRITE_BLOCK,
                json.createObjectNode().put(Fs.HANDLE_ID, PROBE_ID).put(Fs.OFFSET, 0).put(Fs.CHUNK, ""), timeout));
        CompletableFuture<Answer> signal = answer(rpc.call(Methods.PROCESS_SIGNAL,
                json.valueToTree(new ProcessMessages.SignalParams(PROBE_ID, ProcessMessages.SignalParams.INTERRUPT)), timeout));
        CompletableFuture<Answer> http = answer(rpc.call(Methods.HTTP_REQUEST, json.createObjectNode(), timeout));
        return CompletableFuture.allOf(plainRoot, uriRoot, readBlock, writeBlock, signal, http).thenApply(v -> interpret(
                plainRoot.join(), uriRoot.join(), readBlock.join(), writeBlock.join(), signal.join(), http.join()));
    }

    /** What the answers say; fails if one of them is a failure of the connection rather than a reply. */
    static Dialect.Probed interpret(Answer plainRoot, Answer uriRoot, Answer readBlock, Answer writeBlock, Answer signal, Answer http) {
        JsonNode root = plainRoot.error() == null ? plainRoot.result() : uriRoot.error() == null ? uriRoot.result() : null;
        return new Dialect.Probed(
                plainRoot.error() == null ? PathStyle.PLAIN : PathStyle.URI,
                root != null && root.hasNonNull(Fs.SIZE),
                exists(readBlock), exists(writeBlock), exists(signal), exists(http));
    }

    /** Whether the method exists: any reply but -32601 says it does. */
    private static boolean exists(Answer a) {
        if (a.error() == null || a.error() instanceof RemoteCallException) {
            return true;
        }
        if (a.error() instanceof UnsupportedByExecutorException) {
            return false;
        }
        throw a.error() instanceof RuntimeException re ? re : new CompletionException(a.error());
    }

    private static CompletableFuture<Answer> answer(CompletableFuture<JsonNode> call) {
        return call.handle((ok, err) -> new Answer(ok, ExecSession.unwrap(err)));
    }
}
