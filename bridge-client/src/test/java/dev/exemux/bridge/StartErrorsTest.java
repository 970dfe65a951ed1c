package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** process/start failures as releases answer them (recorded replies), classified and named the same way. */
class StartErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // 0.169.0: code and text only
        "0.169 missing cwd | {\"code\":-32603,\"message\":\"No such file or directory (os error 2)\"} | NOT_FOUND",
        "0.169 cwd a file | {\"code\":-32603,\"message\":\"Not a directory (os error 20)\"} | NOT_A_DIRECTORY",
        // 0.171.0: the same, plus error.data.kind, which decides where present
        "0.171 missing cwd | {\"code\":-32603,\"data\":{\"kind\":\"spawnNotFound\"},\"message\":\"No such file or directory (os error 2)\"} | NOT_FOUND",
        "0.171 cwd a file | {\"code\":-32603,\"data\":{\"kind\":\"spawnFailed\"},\"message\":\"Not a directory (os error 20)\"} | NOT_A_DIRECTORY",
        "0.171 kind only | {\"code\":-32603,\"data\":{\"kind\":\"spawnPermissionDenied\"},\"message\":\"spawn failed\"} | PERMISSION_DENIED",
        "0.171 kind only, not found | {\"code\":-32603,\"data\":{\"kind\":\"spawnNotFound\"},\"message\":\"spawn failed\"} | NOT_FOUND",
    })
    void startFailuresAreClassifiedAndNameTheProgramAndTheDirectory(String release, String error, Reason reason) throws Exception {
        JsonNode reply = JSON.readTree(error);
        SpawnErrors spawn = release.startsWith("0.171") ? SpawnErrors.DATA_KIND : SpawnErrors.MESSAGE_TEXT;
        RemoteCallException raw = (RemoteCallException) ErrorShapes.OS_ERROR_TEXT.toException("a", "process/start", reply, spawn);
        assertEquals(reason, raw.reason(), release);
        Throwable explained = ExecSession.unwrap(StartErrors.explain(raw, "a", "ls", "/no/such/dir"));
        RemoteCallException e = (RemoteCallException) explained;
        assertEquals(reason, e.reason());
        assertTrue(e.getMessage().startsWith("Cannot start 'ls' in '/no/such/dir': " + reply.path("message").asText()), e.getMessage());
    }
}
