package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCMessage;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CallToolOutcome;
import io.modelcontextprotocol.modern.McpSchema.CallToolRequest;
import io.modelcontextprotocol.modern.McpSchema.CallToolResult;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.McpAsyncTool;
import io.modelcontextprotocol.modern.server.feature.McpAsyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The 2026-07-28 era (stateless: every request carries its protocol version and the client's
 * capabilities in {@code _meta}). The SDK's modern dispatcher ({@code server/discover},
 * {@code tools/list}, {@code tools/call}, {@code resultType}, {@code _meta} checks) serves the same
 * tools as the legacy server; the stdin filter hands it the requests that are modern, and its answers
 * go out through the same {@link StdoutChannel}, so bad lines, cancellation and serialized stdout work
 * exactly as in the legacy era.
 */
final class ModernEra {

    private static final Logger log = LoggerFactory.getLogger(ModernEra.class);

    /** The modern revision served. */
    static final String VERSION = McpSchema.LATEST_PROTOCOL_VERSION;

    /** Every revision exemux speaks, newest first: named in the error for any other. */
    static final List<String> SUPPORTED = List.of(VERSION, ProtocolVersions.MCP_2025_11_25, ProtocolVersions.MCP_2025_06_18,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2024_11_05);

    /**
     * exemux never answers with {@code input_required}, so it seals no request state and any it is sent
     * is refused. (The SDK's default codec would log a warning about its key at every start.)
     */
    private static final RequestStateCodec NO_REQUEST_STATE = new RequestStateCodec() {
        @Override
        public String seal(McpRequestContext ctx, String state) {
            throw new IllegalStateException("exemux issues no request state");
        }

        @Override
        public String open(McpRequestContext ctx, String sealed) {
            return null;
        }
    };

    private final Lazy<McpServer> server;
    private final McpJsonMapper json;
    private final ObjectMapper mapper;
    private final StdoutChannel out;

    /** @param taskForms the tools that may answer with a task (the tasks extension) */
    ModernEra(List<Tool> tools, Predicate<String> listed, List<TaskForm> taskForms, ToolAdapter adapter, McpJsonMapper json,
            ObjectMapper mapper, JsonSchemaValidator validator, StdoutChannel out, String version) {
        this.json = json;
        this.mapper = mapper;
        this.out = out;
        // Built on first use (or by its warm-up thread), so that it adds nothing to a legacy start.
        this.server = new Lazy<>(() -> build(tools, listed, new Tasks(taskForms, tools, adapter, mapper), adapter, validator, version));
    }

    private McpServer build(List<Tool> tools, Predicate<String> listed, Tasks tasks, ToolAdapter adapter, JsonSchemaValidator validator,
            String version) {
        return McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder("exemux", version).title("exemux").build())
                .instructions(ExemuxServer.INSTRUCTIONS)
                .supportedVersions(List.of(VERSION))
                .jsonMapper(json)
                .requestStateCodec(NO_REQUEST_STATE)
                .feature(ToolsFeature.ofAsync(new Repository(tools, listed, adapter, tasks, mapper), json, validator, 0L,
                        McpSchema.CacheScope.PRIVATE))
                .feature(tasks)
                .build();
    }

    /**
     * Builds the modern server and answers a {@code server/discover} into the void (from the warm-up
     * thread), along the path a client's request takes ({@link #serve}: its JSON converted, the reply
     * made on the scheduler's thread and serialized): Jackson's first look at the modern records costs
     * as much as building the server, and the scheduler's first use starts its threads.
     */
    void prepare() {
        server.get(); // built here, on the warm-up thread, rather than on a scheduler's thread still to be started
        ObjectNode params = mapper.createObjectNode();
        params.putObject("_meta").put(McpSchema.MetaKeys.PROTOCOL_VERSION, VERSION).putObject(McpSchema.MetaKeys.CLIENT_CAPABILITIES);
        serve(mapper.getNodeFactory().textNode("warm-up"), McpSchema.METHOD_SERVER_DISCOVER, params)
                .doOnNext(message -> {
                    try {
                        json.writeValueAsBytes(message);
                    } catch (IOException e) {
                        log.debug("Warm-up of the modern era: {}", e.toString());
                    }
                })
                .blockLast(Duration.ofSeconds(10));
    }

    /**
     * Whether a request belongs to this era: it names a protocol version in {@code _meta}, or it is
     * {@code server/discover} (a modern-only method). {@code initialize} always starts a legacy
     * conversation.
     */
    static boolean claims(String method, JsonNode params) {
        if ("initialize".equals(method)) {
            return false;
        }
        return McpSchema.METHOD_SERVER_DISCOVER.equals(method)
                || params != null && params.path("_meta").has(McpSchema.MetaKeys.PROTOCOL_VERSION);
    }

    /** Serves one request (already recorded in flight) on another thread; its answer goes to stdout. */
    void dispatch(JsonNode id, String method, JsonNode params) {
        JsonNode unsupported = unsupportedVersion(id, params);
        if (unsupported != null) {
            out.send(unsupported);
            return;
        }
        serve(id, method, params)
                .subscribe(this::send, e -> {
                    log.warn("Request {} ({}) failed: {}", id, method, e.toString());
                    out.send(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error while serving " + method + "."));
                });
    }

    /**
     * The revision's own error for a version exemux does not serve, naming every one it does (the
     * legacy ones through {@code initialize}); null when the version is served or absent (the SDK
     * then answers the missing field).
     */
    private static JsonNode unsupportedVersion(JsonNode id, JsonNode params) {
        JsonNode requested = params == null ? null : params.path("_meta").get(McpSchema.MetaKeys.PROTOCOL_VERSION);
        if (requested == null || !requested.isTextual() || requested.textValue().isBlank() || VERSION.equals(requested.textValue())) {
            return null;
        }
        ObjectNode reply = JsonRpc.error(id, McpSchema.ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version");
        ObjectNode data = ((ObjectNode) reply.get("error")).putObject("data");
        SUPPORTED.forEach(data.putArray("supported")::add);
        data.set("requested", requested);
        return reply;
    }

    /** The reply to one request, made on the scheduler's thread. */
    private Flux<JSONRPCMessage> serve(JsonNode id, String method, JsonNode params) {
        JSONRPCRequest request = new JSONRPCRequest(method, mapper.convertValue(id, Object.class),
                params == null ? null : mapper.convertValue(params, Map.class));
        return Mono.defer(() -> server.get().handle(McpTransportContext.EMPTY, request))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(ModernEra::messages);
    }

    private void send(JSONRPCMessage message) {
        try {
            out.sendSerialized(json.writeValueAsBytes(message));
        } catch (IOException e) {
            log.error("Cannot serialize a reply: {}", e.toString());
        }
    }

    private static Flux<JSONRPCMessage> messages(McpTransportResponse response) {
        if (response instanceof McpTransportResponse.Streaming streaming) {
            return streaming.messages();
        }
        if (response instanceof McpTransportResponse.Result result) {
            return Flux.just(result.response());
        }
        return Flux.just(((McpTransportResponse.Error) response).response());
    }

    /** The tools as the modern SDK sees them, each call run by the same {@link ToolAdapter} as in the legacy era. */
    private static final class Repository implements McpAsyncToolRepository {

        private final Map<String, McpAsyncTool> byName = new LinkedHashMap<>();
        private final List<McpSchema.Tool> listed;

        Repository(List<Tool> tools, Predicate<String> listed, ToolAdapter adapter, Tasks tasks, ObjectMapper mapper) {
            for (Tool tool : tools) {
                McpSchema.Tool definition = describe(tool.definition(), mapper);
                byName.put(definition.name(), McpAsyncTool.of(definition, (ctx, request) -> call(adapter, tasks, tool, ctx, request, mapper)));
            }
            this.listed = byName.values().stream().map(McpAsyncTool::definition).filter(t -> listed.test(t.name())).toList();
        }

        @Override
        public Mono<ToolsPage> list(McpRequestContext ctx, String cursor) {
            return Mono.just(ToolsPage.of(listed));
        }

        @Override
        public Mono<McpAsyncTool> find(McpRequestContext ctx, String name) {
            return Mono.justOrEmpty(byName.get(name));
        }

        private static Mono<McpAsyncResponse<CallToolOutcome>> call(ToolAdapter adapter, Tasks tasks, Tool tool, McpRequestContext ctx,
                CallToolRequest request, ObjectMapper mapper) {
            String key = ToolAdapter.callKey(ctx.meta());
            String name = tool.definition().name();
            if (ctx.progressToken() == null) {
                return Mono.fromFuture(() -> adapter.run(tool, request.arguments(), key, null))
                        .map(r -> McpAsyncResponse.result(outcome(tasks, ctx, name, r, mapper)));
            }
            return Mono.just(McpAsyncResponse.streaming(notifier -> Mono.fromFuture(() -> adapter.run(tool, request.arguments(), key,
                    (progress, total, message) -> notifier.progress(progress, total, message)
                            .subscribe(ignored -> {}, e -> log.debug("Progress notification failed: {}", e.toString()))))
                    .map(r -> outcome(tasks, ctx, name, r, mapper))));
        }

        /** The tool's result, or a task in its stead when the work goes on and the client takes tasks. */
        private static CallToolOutcome outcome(Tasks tasks, McpRequestContext ctx, String tool, ToolResult r, ObjectMapper mapper) {
            CallToolOutcome task = tasks.taskFor(ctx, tool, r);
            return task != null ? task : toModern(r, mapper);
        }

        private static CallToolOutcome toModern(ToolResult r, ObjectMapper mapper) {
            CallToolResult.Builder b = CallToolResult.builder()
                    .addContent(McpSchema.TextContent.builder(r.text() == null ? "" : r.text()).build())
                    .isError(r.isError());
            if (r.structured() != null) {
                b.structuredContent(mapper.convertValue(r.structured(), Map.class));
            }
            return b.build();
        }

        @SuppressWarnings("unchecked")
        private static McpSchema.Tool describe(ToolDefinition d, ObjectMapper mapper) {
            return McpSchema.Tool.builder(d.name(), mapper.convertValue(d.inputSchema(), Map.class))
                    .title(d.title())
                    .description(d.description())
                    .outputSchema(d.outputSchema() == null ? null : mapper.convertValue(d.outputSchema(), Map.class))
                    .annotations(McpSchema.ToolAnnotations.builder()
                            .title(d.title())
                            .readOnlyHint(d.readOnly())
                            .destructiveHint(d.destructive())
                            .idempotentHint(d.idempotent())
                            .openWorldHint(true)
                            .build())
                    .build();
        }
    }
}
