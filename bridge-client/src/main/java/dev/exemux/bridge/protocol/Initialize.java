package dev.exemux.bridge.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** {@value Methods#INITIALIZE}: the handshake, optionally resuming a session after a drop. */
public final class Initialize {

    private Initialize() {}

    /** {@code resumeSessionId} re-attaches the processes of a dropped connection (every release). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Params(String clientName, String resumeSessionId) {}

    /** {@code environmentInfo} is there from 0.150 on; before that, only the session id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(String sessionId, EnvironmentInfo environmentInfo) {}

    /**
     * What the executor says of itself. {@code executorVersion}, {@code platformOs}, {@code userHomeDir}
     * from 0.155; {@code cwd} and {@code userHomeDir} are {@code file://} URIs; {@code shell} is the user's
     * login shell as {@code {name, path}} (a plain string in older test peers). Unknown fields are
     * ignored: each release adds some.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EnvironmentInfo(String executorVersion, String platformOs, String cwd, String userHomeDir, JsonNode shell) {}
}
