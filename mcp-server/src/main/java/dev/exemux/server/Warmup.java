package dev.exemux.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: the first message costs Jackson its introspection of the SDK's records (annotations,
 * reflection), about as long as building the server. Doing that beside the main thread while it builds
 * the server, one thread per protocol era, brings the first reply ({@code initialize} or
 * {@code server/discover}) forward. On two cores the era the client does not speak would only take a
 * core from the one it does, so the era of the client's first request ({@link FirstRead}) is warmed
 * first and the other after the first reply. Writes nothing anywhere.
 */
final class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    /** How long the warm-up waits for the client's first bytes before it warms both eras at once. */
    private static final long FIRST_BYTES_WAIT_MS = 50;

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},"
            + "\"elicitation\":{}},\"clientInfo\":{\"name\":\"warmup\",\"version\":\"1\"}}}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":\"w\",\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"t\",\"arguments\":{\"a\":1},\"_meta\":{\"progressToken\":1}}}";

    private Warmup() {}

    /**
     * @param prepareModernEra builds the 2026-07-28 server (a legacy start does not wait for it)
     * @param firstEra the era of the client's first request, as its first bytes tell
     * @param firstReply completes when the first reply went out: the schema validator is built only
     *     then, so that it does not compete with the first reply for a core
     */
    static void startInBackground(McpJsonMapper json, ObjectMapper mapper, LazySchemaValidator validator,
            Runnable prepareModernEra, CompletableFuture<FirstRead.Era> firstEra, CompletableFuture<Void> firstReply) {
        // One thread per era, so that neither era's first reply waits for the other's warm-up.
        start("exemux-warmup-modern", () -> {
            if (era(firstEra) == FirstRead.Era.LEGACY) {
                await(firstReply);
            }
            warm(prepareModernEra::run);
        });
        start("exemux-warmup", () -> {
            if (era(firstEra) == FirstRead.Era.MODERN) {
                await(firstReply);
            }
            warm(() -> initialize(json, mapper));
            if (!await(firstReply)) {
                return; // no client yet: the rest is done on first use instead
            }
            // Not needed by either era's first reply: after it, so as not to take a core from the modern warm-up.
            warm(() -> calls(json));
            validator.prepare();
        });
    }

    private static FirstRead.Era era(CompletableFuture<FirstRead.Era> firstEra) {
        try {
            return firstEra.get(FIRST_BYTES_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return FirstRead.Era.UNKNOWN; // the client has not written yet: the cores are idle, warm both
        }
    }

    /** @return whether the first reply went out (false: no client within 30 s, or interrupted) */
    private static boolean await(CompletableFuture<Void> firstReply) {
        try {
            firstReply.get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void warm(ThrowingRunnable work) {
        try {
            work.run();
        } catch (Exception | LinkageError e) {
            log.debug("Warm-up failed (harmless): {}", e.toString());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** What a legacy {@code initialize} reply needs. */
    private static void initialize(McpJsonMapper json, ObjectMapper mapper) throws Exception {
        mapper.readTree(INITIALIZE); // the stdin filter's first parse
        McpSchema.JSONRPCMessage init = McpSchema.deserializeJsonRpcMessage(json, INITIALIZE);
        json.convertValue(((McpSchema.JSONRPCRequest) init).params(), McpSchema.InitializeRequest.class);
        McpSchema.InitializeResult result = new McpSchema.InitializeResult("2025-06-18",
                McpSchema.ServerCapabilities.builder().tools(false).build(),
                new McpSchema.Implementation("exemux", "exemux", "0"), "warm-up");
        json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 0, result, null));
    }

    /** What the legacy era's tool calls and tools/list need. */
    private static void calls(McpJsonMapper json) throws Exception {
        McpSchema.JSONRPCMessage call = McpSchema.deserializeJsonRpcMessage(json, CALL);
        json.convertValue(((McpSchema.JSONRPCRequest) call).params(), McpSchema.CallToolRequest.class);
        json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", "w",
                McpSchema.CallToolResult.builder().addTextContent("x").structuredContent(Map.of("a", 1)).build(), null));
        json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", "l", new McpSchema.ListToolsResult(List.of(), null), null));
    }
}
