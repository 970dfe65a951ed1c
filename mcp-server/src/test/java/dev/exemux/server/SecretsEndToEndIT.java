package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, secrets: the token, the relay secret and relay tickets never reach stdout, stderr or a tool
 * result. The check itself runs on every end-to-end run ({@link SecretLeaks}, from
 * {@link McpClientDriver#run()} and {@link ExemuxEndToEndIT#runLauncher}); these tests make exemux
 * handle secrets in every way it can: a working gateway session with debug logging, relay copies
 * (tickets minted and used), refused credentials, and bad configuration holding secrets.
 */
class SecretsEndToEndIT {

    private static String secret(String kind) {
        return kind + "-" + Long.toHexString(System.nanoTime()) + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    @Test
    void aGatewaySessionWithRelayCopiesLeaksNoTokenSecretOrTicket() throws Exception {
        String token = secret("tok");
        String relaySecret = secret("relay");
        Path dir = Files.createTempDirectory("exemux-secrets-");
        Path source = dir.resolve("source.bin");
        Files.write(source, new byte[256 * 1024]);
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW); TestGateway gateway = TestGateway.start(token);
                TestRelay relay = new TestRelay(relaySecret, "ws-secrets", null)) {
            gateway.route("src", peer).route("dst", peer);
            McpClientDriver.Report r = new McpClientDriver()
                    .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                    .env("EXEMUX_TOKEN_FILE", tokenFile.toString())
                    .env("EXEMUX_RELAY_URL", relay.url())
                    .env("EXEMUX_RELAY_SECRET", relaySecret)
                    .env("EXEMUX_WORKSPACE_ID", "ws-secrets")
                    .env("EXEMUX_LOCAL", "on")
                    .env("EXEMUX_LOG_LEVEL", "debug")
                    .call("copy_path", args("src_exe_id", "src", "src_path", source.toString(), "dst_exe_id", "dst",
                            "dst_path", dir.resolve("relayed.bin").toString(), "transport", "relay"))
                    .call("copy_path", args("src_exe_id", "src", "src_path", source.toString(), "dst_exe_id", "local",
                            "dst_path", dir.resolve("auto.bin").toString()))
                    .call("exec_command", args("exe_id", "src", "command", "env; cat /proc/self/environ | tr '\\0' '\\n'"))
                    .call("exec_command", args("exe_id", "local", "command", "env"))
                    .call("list_executors", args())
                    .run();
            JsonNode relayed = r.result(0);
            assertFalse(relayed.path("isError").asBoolean(), relayed.toString());
            assertEquals("relay", relayed.path("structuredContent").path("transport").asText(), relayed.toString());
            assertTrue(relay.ticketsMinted() >= 1, "a ticket was minted and used");
            assertFalse(r.result(1).path("isError").asBoolean(), r.result(1).toString());
            assertEquals(Files.size(source), Files.size(dir.resolve("relayed.bin")));
            String localEnv = r.result(3).path("structuredContent").path("stdout").asText();
            assertTrue(localEnv.contains("PATH="), "the env command ran: " + localEnv.length());
            assertFalse(localEnv.contains("EXEMUX_RELAY_SECRET") || localEnv.contains("EXEMUX_TOKEN"),
                    "exemux's own secret variables are not handed to processes on local");
            assertTrue(r.stderr().contains("token=set"), "the debug log ran");
            r.assertStdoutIsOnlyJsonRpc();
        }
    }

    @Test
    void refusedCredentialsAreReportedWithoutEchoingThem() throws Exception {
        String token = secret("tok");
        String wrongToken = secret("wrong");
        String relaySecret = secret("relay");
        String wrongSecret = secret("wrongrelay");
        Path dir = Files.createTempDirectory("exemux-secrets-");
        Path source = dir.resolve("source.txt");
        Files.writeString(source, "payload\n");
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW); TestGateway gateway = TestGateway.start(token);
                TestRelay relay = new TestRelay(relaySecret, "ws-secrets", null)) {
            gateway.route("src", peer).route("dst", peer);
            McpClientDriver.Report wrongGateway = new McpClientDriver()
                    .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                    .env("EXEMUX_TOKEN", wrongToken)
                    .env("EXEMUX_LOG_LEVEL", "debug")
                    .call("stat_path", args("exe_id", "src", "path", "/"))
                    .call("list_executors", args())
                    .run();
            assertTrue(wrongGateway.result(0).path("isError").asBoolean());
            assertTrue(McpClientDriver.Report.text(wrongGateway.result(0)).toLowerCase().contains("token"),
                    wrongGateway.result(0).toString());
            wrongGateway.assertNowhere(token);

            McpClientDriver.Report wrongRelay = new McpClientDriver()
                    .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                    .env("EXEMUX_TOKEN", token)
                    .env("EXEMUX_RELAY_URL", relay.url())
                    .env("EXEMUX_RELAY_SECRET", wrongSecret)
                    .env("EXEMUX_WORKSPACE_ID", "ws-secrets")
                    .env("EXEMUX_LOG_LEVEL", "debug")
                    .call("copy_path", args("src_exe_id", "src", "src_path", source.toString(), "dst_exe_id", "dst",
                            "dst_path", dir.resolve("r.txt").toString(), "transport", "relay"))
                    .call("copy_path", args("src_exe_id", "src", "src_path", source.toString(), "dst_exe_id", "dst",
                            "dst_path", dir.resolve("a.txt").toString()))
                    .run();
            JsonNode refused = wrongRelay.result(0);
            assertTrue(refused.path("isError").asBoolean(), refused.toString());
            assertTrue(McpClientDriver.Report.text(refused).contains("EXEMUX_RELAY_SECRET"), refused.toString());
            assertFalse(wrongRelay.result(1).path("isError").asBoolean(), "auto falls back to streaming: " + wrongRelay.result(1));
            wrongRelay.assertNowhere(relaySecret);
            assertEquals(0, relay.ticketsMinted(), "no ticket for a wrong secret");
        }
    }

    @Test
    void badConfigurationHoldingSecretsIsRefusedWithoutShowingThem() throws Exception {
        String s = secret("cfg");
        Path dir = Files.createTempDirectory("exemux-secrets-");
        Path twoLines = dir.resolve("two-lines");
        Files.writeString(twoLines, s + "\n" + s + "-second-line\n");
        Path control = dir.resolve("control");
        Files.writeString(control, s + "\u0007");
        Path good = dir.resolve("good");
        Files.writeString(good, s);
        List<Map<String, String>> bad = List.of(
                Map.of("EXEMUX_GATEWAY_URL", "wss://gw.example/bridge", "EXEMUX_TOKEN_FILE", twoLines.toString()),
                Map.of("EXEMUX_GATEWAY_URL", "wss://gw.example/bridge", "EXEMUX_TOKEN_FILE", control.toString()),
                Map.of("EXEMUX_TOKEN", s, "EXEMUX_TOKEN_FILE", good.toString()),
                Map.of("EXEMUX_GATEWAY_URL", "wss://user:" + s + "@gw.example/bridge", "EXEMUX_TOKEN", "t0ken-value-1"),
                Map.of("EXEMUX_GATEWAY_URL", "wss://gw.example/bridge?token=" + s, "EXEMUX_TOKEN", "t0ken-value-1"),
                Map.of("EXEMUX_GATEWAY_URL", "https://" + s + "@gw.example/bridge", "EXEMUX_TOKEN", "t0ken-value-1"),
                Map.of("EXEMUX_GATEWAY_URL", "wss://gw.example/bri dge#" + s, "EXEMUX_TOKEN", "t0ken-value-1"),
                Map.of("EXEMUX_EXECUTORS", "box=ws://u:" + s + "@127.0.0.1:9"),
                Map.of("EXEMUX_EXECUTORS", "box:ws://u:" + s + "@127.0.0.1:9"),
                Map.of("EXEMUX_EXECUTORS", "box=ws://127.0.0.1:9/?token=" + s),
                Map.of("EXEMUX_RELAY_URL", "https://relay:" + s + "@gw.example/relay"),
                Map.of("EXEMUX_RELAY_URL", "ftp://gw.example/relay?secret=" + s),
                Map.of("EXEMUX_RELAY_SECRET", s + "\nnext", "EXEMUX_RELAY_URL", "https://gw.example/relay"),
                Map.of("EXEMUX_RELAY_SECRET_FILE", twoLines.toString()),
                Map.of("EXEMUX_TOKEN", s + "\tx", "EXEMUX_GATEWAY_URL", "wss://gw.example/bridge"));
        for (Map<String, String> env : bad) {
            // runLauncher fails the test if the secret shows on stdout or stderr.
            ExemuxEndToEndIT.Result r = ExemuxEndToEndIT.runLauncher(env);
            String variables = String.join(", ", new LinkedHashMap<>(env).keySet());
            assertEquals(2, r.exit(), () -> variables + ": " + r.stderr());
            assertEquals(1, r.stderr().strip().split("\n").length, () -> "one line: " + r.stderr());
            assertTrue(Set.copyOf(env.keySet()).stream().anyMatch(v -> r.stderr().contains(v)), r.stderr());
            assertFalse(r.stderr().contains(s), variables);
        }
    }
}
