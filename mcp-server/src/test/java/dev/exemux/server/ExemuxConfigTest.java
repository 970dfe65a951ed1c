package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExemuxConfigTest {

    private static final String SECRET = "s3cr3t-t0ken-value";

    @TempDir
    Path dir;

    private static ExemuxConfig parse(Map<String, String> env) {
        return ExemuxConfig.fromEnvironment(env);
    }

    /** The one-line message for a bad environment; it must name the variable and never show the secret. */
    private static String problem(String variable, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(env));
        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void nothingConfiguredServesLocalOnly() {
        ExemuxConfig c = parse(Map.of());
        assertTrue(c.localEnabled());
        assertFalse(c.hasRemote());
        assertEquals("info", c.logLevel());
        assertNull(c.token());
    }

    @Test
    void gatewayModeNeedsATokenAndTurnsLocalOffByDefault() {
        ExemuxConfig c = parse(Map.of("EXEMUX_GATEWAY_URL", "wss://gw.example:8443/bridge/", "EXEMUX_TOKEN", SECRET));
        assertEquals(URI.create("wss://gw.example:8443/bridge"), c.gatewayUrl());
        assertEquals(SECRET, c.token());
        assertFalse(c.localEnabled());
        assertTrue(parse(Map.of("EXEMUX_GATEWAY_URL", "ws://gw/bridge", "EXEMUX_TOKEN", SECRET, "EXEMUX_LOCAL", "on")).localEnabled());
        assertTrue(problem("EXEMUX_TOKEN", Map.of("EXEMUX_GATEWAY_URL", "ws://gw/bridge")).contains("required"));
    }

    @Test
    void badGatewayUrlsAreRefusedWithAReason() {
        assertTrue(problem("EXEMUX_GATEWAY_URL", Map.of("EXEMUX_GATEWAY_URL", "https://gw/bridge", "EXEMUX_TOKEN", SECRET))
                .contains("ws://"));
        assertTrue(problem("EXEMUX_GATEWAY_URL", Map.of("EXEMUX_GATEWAY_URL", "wss://gw/other", "EXEMUX_TOKEN", SECRET))
                .contains("/bridge"));
        assertTrue(problem("EXEMUX_GATEWAY_URL", Map.of("EXEMUX_GATEWAY_URL", "wss:///bridge", "EXEMUX_TOKEN", SECRET))
                .contains("host"));
        problem("EXEMUX_GATEWAY_URL", Map.of("EXEMUX_GATEWAY_URL", "wss://gw/bridge?token=" + SECRET, "EXEMUX_TOKEN", "t"));
        problem("EXEMUX_GATEWAY_URL", Map.of("EXEMUX_GATEWAY_URL", "wss://user:" + SECRET + "@gw/bridge", "EXEMUX_TOKEN", "t"));
        problem("EXEMUX_GATEWAY_URL", Map.of("EXEMUX_GATEWAY_URL", "ws://bad host/bridge", "EXEMUX_TOKEN", "t"));
    }

    @Test
    void directExecutorsAreParsedInOrderAndValidated() {
        ExemuxConfig c = parse(Map.of("EXEMUX_EXECUTORS", " b=ws://10.0.0.2:7777 , a=ws://127.0.0.1:4100,"));
        assertEquals(List.of("b", "a"), List.copyOf(c.executors().keySet()));
        assertEquals(URI.create("ws://127.0.0.1:4100"), c.executors().get("a"));
        assertFalse(c.localEnabled());
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", "a=ws://h:1,a=ws://h:2")).contains("twice"));
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", "bad id=ws://h:1")).contains("may contain only"));
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", "ws://h:1")).contains("id=ws://host:port"));
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", "a=http://h:1")).contains("entry 'a'"));
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", "=ws://h:1")).contains("empty"));
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", ",,")).contains("no executor"));
        assertTrue(problem("EXEMUX_EXECUTORS", Map.of("EXEMUX_EXECUTORS", "local=ws://h:1", "EXEMUX_LOCAL", "on"))
                .contains("EXEMUX_LOCAL=off"));
        assertEquals(1, parse(Map.of("EXEMUX_EXECUTORS", "local=ws://h:1")).executors().size());
    }

    @Test
    void secretsComeFromTheVariableOrItsFileNeverBoth() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "  " + SECRET + "\n\n");
        ExemuxConfig c = parse(Map.of("EXEMUX_EXECUTORS", "a=ws://h:1", "EXEMUX_TOKEN_FILE", tokenFile.toString()));
        assertEquals(SECRET, c.token());
        assertTrue(problem("EXEMUX_TOKEN", Map.of("EXEMUX_TOKEN", SECRET, "EXEMUX_TOKEN_FILE", tokenFile.toString()))
                .contains("only one"));
        assertTrue(problem("EXEMUX_TOKEN_FILE", Map.of("EXEMUX_TOKEN_FILE", dir.resolve("missing").toString()))
                .contains("no such file"));
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertTrue(problem("EXEMUX_TOKEN_FILE", Map.of("EXEMUX_TOKEN_FILE", empty.toString())).contains("empty"));
        Path twoLines = Files.writeString(dir.resolve("two"), SECRET + "\nmore");
        assertTrue(problem("EXEMUX_TOKEN_FILE", Map.of("EXEMUX_TOKEN_FILE", twoLines.toString())).contains("single line"));

        Path relayFile = Files.writeString(dir.resolve("relay"), SECRET);
        ExemuxConfig relay = parse(Map.of("EXEMUX_RELAY_URL", "https://gw/relay", "EXEMUX_RELAY_SECRET_FILE", relayFile.toString(),
                "EXEMUX_WORKSPACE_ID", "ws-1"));
        assertEquals(SECRET, relay.relaySecret());
        assertEquals("ws-1", relay.workspaceId());
        assertTrue(problem("EXEMUX_RELAY_SECRET", Map.of("EXEMUX_RELAY_SECRET", SECRET,
                "EXEMUX_RELAY_SECRET_FILE", relayFile.toString())).contains("only one"));
    }

    @Test
    void otherVariablesAreValidated() {
        assertTrue(problem("EXEMUX_RELAY_URL", Map.of("EXEMUX_RELAY_URL", "ftp://gw/relay")).contains("https://"));
        assertTrue(problem("EXEMUX_LOCAL", Map.of("EXEMUX_LOCAL", "maybe")).contains("on or off"));
        assertTrue(problem("EXEMUX_LOG_LEVEL", Map.of("EXEMUX_LOG_LEVEL", "loud")).contains("error, warn, info or debug"));
        assertTrue(problem("EXEMUX_WORKSPACE_ID", Map.of("EXEMUX_WORKSPACE_ID", "a b")).contains("without spaces"));
        assertEquals("debug", parse(Map.of("EXEMUX_LOG_LEVEL", "DEBUG")).logLevel());
        assertFalse(parse(Map.of("EXEMUX_LOCAL", "off")).localEnabled());
        assertTrue(parse(Map.of("EXEMUX_LOCAL", "", "EXEMUX_TOKEN", " ")).localEnabled(), "blank counts as unset");
    }

    @Test
    void relayHostsAreHostsWithOptionalPorts() {
        assertEquals(java.util.List.of("files.example.com", "10.0.0.7:8443", "[fd00::1]:443"),
                parse(Map.of("EXEMUX_RELAY_HOSTS", " Files.Example.com, 10.0.0.7:8443,,[fd00::1]:443")).relayHosts());
        assertEquals(java.util.List.of(), parse(Map.of()).relayHosts());
        for (String bad : new String[] {"https://files.example.com", "files.example.com/relay", "user@files.example.com",
                "files.example.com:99999", "files.example.com:", "-bad.example.com"}) {
            assertTrue(problem("EXEMUX_RELAY_HOSTS", Map.of("EXEMUX_RELAY_HOSTS", bad)).contains("is not host or host:port"), bad);
        }
    }

    @Test
    void toStringNeverShowsSecrets() {
        ExemuxConfig c = parse(Map.of("EXEMUX_GATEWAY_URL", "ws://gw/bridge", "EXEMUX_TOKEN", SECRET,
                "EXEMUX_RELAY_SECRET", SECRET + "-relay"));
        assertFalse(c.toString().contains(SECRET), c.toString());
        assertTrue(c.toString().contains("token=set"));
    }
}
