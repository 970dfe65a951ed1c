package dev.exemux.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.executor.ProtocolException;

/** Turns a peer's reply into its protocol record. A reply is untrusted: one that does not fit is a {@link ProtocolException}. */
final class Wire {

    private Wire() {}

    static <R> R read(ObjectMapper json, String exeId, JsonNode reply, Class<R> type, String method) {
        try {
            R value = json.treeToValue(reply == null || reply.isNull() ? json.createObjectNode() : reply, type);
            if (value == null) {
                throw new ProtocolException(exeId, "executor '" + exeId + "' answered " + method + " with nothing", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(exeId, "executor '" + exeId + "' answered " + method
                    + " with a result exemux does not understand (" + e.getOriginalMessage() + ")", e);
        }
    }
}
