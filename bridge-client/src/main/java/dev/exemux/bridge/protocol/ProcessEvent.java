package dev.exemux.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the peer tells about a process, pushed as notifications or caught up from {@code process/read}.
 * One {@code seq} counter orders all three kinds. {@link Exited} can arrive before the last
 * {@link Output}; output is complete only at {@link Closed}.
 */
public sealed interface ProcessEvent {

    String processId();

    long seq();

    record Output(String processId, long seq, String stream, String chunkBase64) implements ProcessEvent {}

    /** {@code exitCode} is -1 after a terminate up to 0.147, 137 from 0.148 on. */
    record Exited(String processId, long seq, Integer exitCode) implements ProcessEvent {}

    record Closed(String processId, long seq) implements ProcessEvent {}

    /** The event a notification carries, or null when {@code method} is not a process notification. */
    static ProcessEvent fromNotification(String method, JsonNode params) {
        if (params == null) {
            return null;
        }
        String id = params.path("processId").asText();
        long seq = params.path("seq").asLong(-1);
        return switch (method) {
            case Methods.PROCESS_OUTPUT -> new Output(id, seq, params.path("stream").asText("stdout"), params.path("chunk").asText(""));
            case Methods.PROCESS_EXITED -> new Exited(id, seq,
                    params.hasNonNull("exitCode") ? params.get("exitCode").asInt() : null);
            case Methods.PROCESS_CLOSED -> new Closed(id, seq);
            default -> null;
        };
    }
}
