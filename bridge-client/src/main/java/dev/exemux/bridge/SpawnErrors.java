package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.bridge.protocol.Methods;
import dev.exemux.bridge.protocol.ProcessMessages;
import dev.exemux.executor.RemoteCallException.Reason;
import java.util.Optional;

/**
 * The {@link Dialect}'s spawn errors: how a release says why {@code process/start} failed. From 0.171 the
 * error carries {@code error.data.kind}, which classifies it; older releases say it in the message text
 * only, which {@link ErrorShapes} classifies (and which stays the fallback for a kind exemux does not map).
 */
enum SpawnErrors {
    /** 0.171+: {@code spawnNotFound}, {@code spawnPermissionDenied}; anything else by the text. */
    DATA_KIND,
    /** Before 0.171: the text only. */
    MESSAGE_TEXT;

    /** The reason {@code error} (a reply to {@code method}) states by its kind; empty: classify by the text. */
    Optional<Reason> reason(String method, JsonNode error) {
        if (this == MESSAGE_TEXT || !Methods.PROCESS_START.equals(method)) {
            return Optional.empty();
        }
        JsonNode kind = error.path(ProcessMessages.StartError.DATA).path(ProcessMessages.StartError.KIND);
        if (!kind.isTextual()) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (kind.textValue()) {
            case ProcessMessages.StartError.SPAWN_NOT_FOUND -> Reason.NOT_FOUND;
            case ProcessMessages.StartError.SPAWN_PERMISSION_DENIED -> Reason.PERMISSION_DENIED;
            default -> null; // spawnFailed (a cwd that is a file, a bad binary), sandbox failures: the text says more
        });
    }
}
