package dev.exemux.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolResult;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The MCP tasks extension ({@code io.modelcontextprotocol/tasks}, 2026-07-28), which the SDK does not
 * have: all of it is here. A tool that has a {@link TaskForm} and answers "still running" to a client
 * that declared the extension on its request answers with a task instead; {@code tasks/get} reports
 * it through the form's follow-up tool, {@code tasks/cancel} stops it through the same tool (the work
 * ends and is cleaned up as on an MCP cancellation of the call), {@code tasks/update} is acknowledged
 * (exemux never asks for input). Clients without the extension keep the tool's own id and follow-up.
 */
final class Tasks implements McpFeature {

    static final String EXTENSION = "io.modelcontextprotocol/tasks";
    /** Suggested polling interval. */
    static final long POLL_INTERVAL_MS = 1_000;
    /**
     * How long a task stays known from its creation: the longest a copy may run (24 h) and then the
     * time its outcome stays readable.
     */
    static final Duration TTL = Duration.ofHours(25);

    private final Map<String, TaskForm> forms;
    private final Map<String, Tool> tools;
    private final ToolAdapter adapter;
    private final ObjectMapper mapper;
    private final Map<String, Entry> tasks = new ConcurrentHashMap<>();

    Tasks(List<TaskForm> forms, List<Tool> tools, ToolAdapter adapter, ObjectMapper mapper) {
        this.tools = tools.stream().collect(Collectors.toMap(t -> t.definition().name(), Function.identity()));
        this.forms = forms.stream().filter(f -> this.tools.containsKey(f.tool()) && this.tools.containsKey(f.followUp()))
                .collect(Collectors.toMap(TaskForm::tool, Function.identity()));
        this.adapter = adapter;
        this.mapper = mapper;
    }

    /** Whether the request's client declared the extension (it must, on every request that may get or use a task). */
    static boolean declared(McpRequestContext ctx) {
        Map<String, Map<String, Object>> extensions = ctx.clientCapabilities() == null ? null : ctx.clientCapabilities().extensions();
        return extensions != null && extensions.containsKey(EXTENSION);
    }

    /** A task for {@code result} of {@code tool} when the client may get one and the work still runs; else null. */
    CreateTaskResult taskFor(McpRequestContext ctx, String tool, ToolResult result) {
        TaskForm form = forms.get(tool);
        String workId = form == null || !declared(ctx) ? null : form.runningId(result);
        if (workId == null) {
            return null;
        }
        collect();
        Instant now = Instant.now();
        Entry entry = new Entry(UUID.randomUUID().toString(), form, workId, now);
        entry.update(TaskForm.Status.WORKING, result, now);
        tasks.put(entry.taskId, entry);
        return new CreateTaskResult("task", entry.taskId, TaskForm.Status.WORKING.wire, result.text(), now.toString(), now.toString(),
                TTL.toMillis(), POLL_INTERVAL_MS, null);
    }

    @Override
    public Set<String> methods() {
        return Set.of("tasks/get", "tasks/update", "tasks/cancel");
    }

    @Override
    public void capabilities(McpSchema.ServerCapabilities.Builder builder) {
        builder.extension(EXTENSION, Map.of());
    }

    @Override
    public Mono<? extends McpAsyncResponse<? extends McpSchema.Result>> handle(McpRequestContext ctx, Object params) {
        if (!declared(ctx)) {
            return Mono.error(new McpException(McpSchema.ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY, "Missing required client capability",
                    Map.of("requiredCapabilities", Map.of("extensions", Map.of(EXTENSION, Map.of())))));
        }
        Object id = params instanceof Map<?, ?> map ? map.get("taskId") : null;
        if (!(id instanceof String taskId) || taskId.isEmpty()) {
            return Mono.error(McpException.invalidParams(ctx.method() + " needs params.taskId, the taskId of a task this server created."));
        }
        collect();
        Entry entry = tasks.get(taskId);
        if (entry == null) {
            return Mono.error(McpException.invalidParams("Failed to retrieve task: Task not found. Task ids come from a tools/call"
                    + " answered with resultType task; a task is kept " + TTL.toHours() + " hours after it starts."));
        }
        return switch (ctx.method()) {
            case "tasks/get" -> follow(entry, entry.form.pollArguments(entry.workId)).map(e -> McpAsyncResponse.result(e.detailed(mapper)));
            case "tasks/cancel" -> follow(entry, entry.form.cancelArguments(entry.workId)).map(e -> McpAsyncResponse.result(Ack.COMPLETE));
            default -> Mono.just(McpAsyncResponse.result(Ack.COMPLETE)); // tasks/update: exemux never asks for input
        };
    }

    /** Asks the form's follow-up tool where the work stands (or to stop it), unless the task already ended. */
    private Mono<Entry> follow(Entry entry, ObjectNode arguments) {
        if (entry.terminal()) {
            return Mono.just(entry);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = mapper.convertValue(arguments, Map.class);
        return Mono.fromFuture(() -> adapter.run(tools.get(entry.form.followUp()), args, null, null)).map(result -> {
            entry.update(entry.form.status(result), result, Instant.now());
            return entry;
        });
    }

    /** Forgets tasks older than the TTL. */
    private void collect() {
        Instant cutoff = Instant.now().minus(TTL);
        tasks.values().removeIf(e -> e.createdAt.isBefore(cutoff));
    }

    /** One task: the work it stands for and what was last learnt about it. */
    private static final class Entry {
        final String taskId;
        final TaskForm form;
        final String workId;
        final Instant createdAt;
        private TaskForm.Status status;
        private ToolResult last;
        private Instant lastUpdatedAt;

        Entry(String taskId, TaskForm form, String workId, Instant createdAt) {
            this.taskId = taskId;
            this.form = form;
            this.workId = workId;
            this.createdAt = createdAt;
        }

        synchronized void update(TaskForm.Status status, ToolResult result, Instant at) {
            if (terminalStatus(this.status)) {
                return; // a task's end is final
            }
            if (status != this.status || last == null || !String.valueOf(result.text()).equals(String.valueOf(last.text()))) {
                lastUpdatedAt = at;
            }
            this.status = status;
            this.last = result;
        }

        synchronized boolean terminal() {
            return terminalStatus(status);
        }

        private static boolean terminalStatus(TaskForm.Status s) {
            return s == TaskForm.Status.COMPLETED || s == TaskForm.Status.CANCELLED;
        }

        /** The task as tasks/get shows it: the final tool result inline once completed (a 2026-07-28 CallToolResult). */
        synchronized DetailedTask detailed(ObjectMapper mapper) {
            Map<String, Object> result = null;
            if (status == TaskForm.Status.COMPLETED) {
                result = new LinkedHashMap<>();
                result.put("resultType", "complete");
                result.put("content", List.of(Map.of("type", "text", "text", last.text() == null ? "" : last.text())));
                if (last.structured() != null) {
                    result.put("structuredContent", mapper.convertValue(last.structured(), Map.class));
                }
                result.put("isError", last.isError());
            }
            return new DetailedTask("complete", taskId, status.wire, last.text(), createdAt.toString(), lastUpdatedAt.toString(),
                    TTL.toMillis(), POLL_INTERVAL_MS, result, null);
        }
    }

    /** {@code CreateTaskResult}: a task in lieu of the tool result ({@code resultType: task}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateTaskResult(String resultType, String taskId, String status, String statusMessage, String createdAt,
            String lastUpdatedAt, Long ttlMs, Long pollIntervalMs, @JsonProperty("_meta") Map<String, Object> meta)
            implements McpSchema.CallToolOutcome {}

    /** {@code GetTaskResult}: the task, with the tool result inline once completed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DetailedTask(String resultType, String taskId, String status, String statusMessage, String createdAt,
            String lastUpdatedAt, Long ttlMs, Long pollIntervalMs, Map<String, Object> result,
            @JsonProperty("_meta") Map<String, Object> meta) implements McpSchema.Result {}

    /** The empty acknowledgement of {@code tasks/update} and {@code tasks/cancel}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ack(String resultType, @JsonProperty("_meta") Map<String, Object> meta) implements McpSchema.Result {
        static final Ack COMPLETE = new Ack("complete", null);
    }
}
