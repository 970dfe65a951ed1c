package dev.exemux.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolErrors;
import dev.exemux.tools.spi.ToolResult;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs every tool call, in either protocol era, on a worker thread under a deadline, and puts a
 * {@link Tool} on the legacy SDK's wire (annotations, output schema; {@link ModernEra} does the same
 * for the modern one). A call always ends in a result (never a JSON-RPC error): failures become
 * {@code isError} results with a clean message; only an unexpected failure (a bug) is logged, with its
 * stack trace, to stderr at warn level ({@code ToolErrors}).
 */
final class ToolAdapter {

    private static final Logger log = LoggerFactory.getLogger(ToolAdapter.class);

    /** Per call, so a client's 60 s limit is never hit (tools cap their own waits at 50 s). */
    static final Duration DEFAULT_CALL_LIMIT = Duration.ofSeconds(55);
    /** How long a tool may overrun its deadline before the server answers for it and stops it. */
    static final Duration OVERRUN_GRACE = Duration.ofSeconds(2);

    private final ObjectMapper mapper;
    private final InFlightRequests inFlight;
    private final Duration callLimit;
    private final ExecutorService workers;

    ToolAdapter(ObjectMapper mapper, InFlightRequests inFlight, Duration callLimit, ExecutorService workers) {
        this.mapper = mapper;
        this.inFlight = inFlight;
        this.callLimit = callLimit;
        this.workers = workers;
    }

    McpServerFeatures.AsyncToolSpecification adapt(Tool tool) {
        return new McpServerFeatures.AsyncToolSpecification(describe(tool.definition()),
                (exchange, request) -> Mono.fromFuture(() -> call(tool, exchange, request)));
    }

    McpSchema.Tool describe(ToolDefinition d) {
        McpSchema.ToolAnnotations annotations = new McpSchema.ToolAnnotations(
                d.title(), d.readOnly(), d.destructive(), d.idempotent(), true, null);
        return McpSchema.Tool.builder()
                .name(d.name())
                .title(d.title())
                .description(d.description())
                .inputSchema(asMap(d.inputSchema()))
                .outputSchema(d.outputSchema() == null ? null : asMap(d.outputSchema()))
                .annotations(annotations)
                .build();
    }

    CompletableFuture<CallToolResult> call(Tool tool, McpAsyncServerExchange exchange, CallToolRequest request) {
        return run(tool, request.arguments(), callKey(request.meta()), progressSink(exchange, request)).thenApply(this::toSdk);
    }

    /**
     * Runs one call of {@code tool} on a worker thread, in either protocol era: cancelled with its
     * request, answered for when it overruns its deadline, never failing (errors become results).
     *
     * @param callKey the request's key in {@link InFlightRequests} (null: nothing can cancel it)
     * @param progress where progress goes, or null when the client asked for none
     */
    CompletableFuture<ToolResult> run(Tool tool, Map<String, Object> arguments, String callKey, CallContext.ProgressSink progress) {
        String name = tool.definition().name();
        CallContext context = new CallContext(Instant.now().plus(callLimit), inFlight.cancellation(callKey), progress);
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        Future<?> task;
        try {
            task = workers.submit(() -> result.complete(invoke(tool, arguments, context)));
        } catch (RuntimeException e) {
            log.warn("{} could not start: {}", name, e.toString());
            context.close();
            return CompletableFuture.completedFuture(ToolResult.error("exemux is shutting down; " + name + " was not run."));
        }
        long limitMs = callLimit.plus(OVERRUN_GRACE).toMillis();
        CompletableFuture.delayedExecutor(limitMs, TimeUnit.MILLISECONDS).execute(() -> {
            if (result.complete(ToolResult.error(name + " did not finish within " + describe(callLimit)
                    + " and was stopped. Retry with a smaller request, or start long work so that it returns a session_id."))) {
                log.warn("{} overran its {} deadline; stopping it", name, describe(callLimit));
                context.cancel();
                task.cancel(true);
            }
        });
        return result.whenComplete((r, t) -> context.close());
    }

    private ToolResult invoke(Tool tool, Map<String, Object> arguments, CallContext context) {
        String name = tool.definition().name();
        try {
            ObjectNode args = arguments == null ? mapper.createObjectNode() : mapper.valueToTree(arguments);
            ToolResult result = tool.call(args, context);
            if (result == null) {
                throw new IllegalStateException("the tool returned no result");
            }
            return result;
        } catch (Throwable t) {
            return ToolErrors.toResult(name, t); // logs what is a bug, with its stack trace
        }
    }

    CallToolResult toSdk(ToolResult r) {
        CallToolResult.Builder b = CallToolResult.builder()
                .addTextContent(r.text() == null ? "" : r.text())
                .isError(r.isError());
        if (r.structured() != null) {
            b.structuredContent(asMap(r.structured()));
        }
        return b.build();
    }

    private static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** The request key the stdin filter wrote into a tools/call's {@code _meta}. */
    static String callKey(Map<String, Object> meta) {
        return meta != null && meta.get(JsonRpc.CALL_KEY_META) instanceof String key ? key : null;
    }

    private static CallContext.ProgressSink progressSink(McpAsyncServerExchange exchange, CallToolRequest request) {
        Object token = request.progressToken();
        if (token == null) {
            return null;
        }
        return (progress, total, message) -> exchange
                .progressNotification(new McpSchema.ProgressNotification(token, progress, total, message, null))
                .subscribe(ignored -> {}, e -> log.debug("Progress notification failed: {}", e.toString()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(ObjectNode node) {
        return mapper.convertValue(node, Map.class);
    }
}
