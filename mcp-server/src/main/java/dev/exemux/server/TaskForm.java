package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.ToolResult;
import java.util.List;

/**
 * How a tool whose long work outlives its call (it answers "still running" with an id, and a
 * follow-up tool reports on or cancels that work) becomes an MCP task for clients that declared the
 * tasks extension. Each such tool has one form here; the {@link Tasks} extension does the rest.
 *
 * <p>The form reads the tools' shared convention: the result's {@code state} is {@code running} while
 * the work goes on (with its id in {@code idField}), {@code cancelled} once stopped on request, anything
 * else when it ended; the follow-up tool takes the id, {@code yield_ms: 0} to report at once and
 * {@code cancel: true} to stop the work exactly as an MCP cancellation of the first call would.
 *
 * @param tool the tool that may answer with a task (e.g. copy_path)
 * @param followUp the tool that reports on or cancels its work (e.g. copy_status)
 * @param idField the field of both tools' results, and of the follow-up's arguments, holding the id
 */
record TaskForm(String tool, String followUp, String idField) {

    /**
     * Every tool that can continue as a task. exec_many, when it lands with a follow-up tool that
     * reports on and cancels its batch, adds its form here.
     */
    static final List<TaskForm> ALL = List.of(new TaskForm("copy_path", "copy_status", "copy_id"));

    /** The task status of one of the two tools' results. */
    enum Status {
        WORKING("working"), COMPLETED("completed"), CANCELLED("cancelled");

        final String wire;

        Status(String wire) {
            this.wire = wire;
        }
    }

    /** The id of the work when {@code result} says it keeps running, else null (the result is final). */
    String runningId(ToolResult result) {
        return status(result) == Status.WORKING ? result.structured().path(idField).asText(null) : null;
    }

    /** What a result says about the work: an error result is a completed tool call (MCP: isError is not a failed task). */
    Status status(ToolResult result) {
        JsonNode state = result.isError() || result.structured() == null ? null : result.structured().get("state");
        if (state == null) {
            return Status.COMPLETED;
        }
        return switch (state.asText()) {
            case "running" -> Status.WORKING;
            case "cancelled" -> Status.CANCELLED;
            default -> Status.COMPLETED;
        };
    }

    /** The follow-up's arguments that report on the work at once. */
    ObjectNode pollArguments(String id) {
        return JsonNodeFactory.instance.objectNode().put(idField, id).put("yield_ms", 0);
    }

    /** The follow-up's arguments that stop the work and wait for its clean-up. */
    ObjectNode cancelArguments(String id) {
        return JsonNodeFactory.instance.objectNode().put(idField, id).put("cancel", true);
    }
}
