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
     * login shell as {@code {name, path}} (a plain string in older test peers). {@code capabilities}
     * (every release with {@code environmentInfo}, 0.150+) names what the release can do, as flags.
     * Unknown fields are ignored: each release adds some.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EnvironmentInfo(String executorVersion, String platformOs, String cwd, String userHomeDir, JsonNode shell,
            JsonNode capabilities) {

        /** Whether the release reports its capabilities at all. */
        public boolean reportsCapabilities() {
            return capabilities != null && capabilities.isObject();
        }

        /** Whether the release reports capability {@code name} as true. */
        public boolean capability(String name) {
            return capabilities != null && capabilities.path(name).asBoolean(false);
        }
    }

    /**
     * {@code fs/open mode "replace"} + {@code fs/writeBlock}: reported from 0.165 (the methods exist from
     * 0.161). Every release that reports capabilities also has {@code fs/readBlock}, {@code process/signal},
     * {@code http/request} and takes {@code file://} URIs, whatever flags it reports.
     */
    public static final String FILE_WRITE_STREAMING = "fileWriteStreaming";
}
