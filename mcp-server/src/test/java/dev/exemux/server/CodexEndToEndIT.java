package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.executor.Limits;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bin/exemux through the MCP TypeScript client against real codex exec-servers, an old and a new
 * release: in direct mode ({@code EXEMUX_EXECUTORS}) and through the test gateway.
 */
class CodexEndToEndIT {

    /** Writes, reads back and stats a file on exe_id {@code box}, and checks nothing leaked. */
    private static void workOnBox(McpClientDriver driver, String secret) throws Exception {
        String path = "/tmp/exemux-e2e-" + System.nanoTime() + "/é dir/file.txt";
        McpClientDriver.Report r = driver
                .call("write_file", args("exe_id", "box", "path", path, "content", "one\ntwo\n", "create_dirs", true))
                .call("read_file", args("exe_id", "box", "path", path))
                .call("stat_path", args("exe_id", "box", "path", path))
                .call("remove_path", args("exe_id", "box", "path", path.substring(0, path.indexOf("/é")), "recursive", true))
                .call("exec_command", args("exe_id", "box", "command", "echo out-$((6*7)); echo err >&2; exit 5"))
                .call("list_executors", args())
                .run();
        for (int i = 0; i < 4; i++) {
            JsonNode result = r.result(i);
            assertFalse(result.path("isError").asBoolean(), () -> "call failed: " + result);
        }
        assertTrue(McpClientDriver.Report.text(r.result(1)).contains("two"));
        assertEquals("file", r.result(2).path("structuredContent").path("type").asText(), r.result(2).toString());
        JsonNode exec = r.result(4).path("structuredContent");
        assertEquals(5, exec.path("exit_code").asInt(), exec.toString());
        assertEquals("out-42\n", exec.path("stdout").asText());
        assertTrue(exec.path("stderr").asText().contains("err"));
        String executors = McpClientDriver.Report.text(r.result(5));
        assertTrue(executors.contains("box"), executors);
        r.assertStdoutIsOnlyJsonRpc();
        if (secret != null) {
            r.assertNowhere(secret);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void directMode(String release) throws Exception {
        try (ExecServer peer = ExecServer.start(release)) {
            workOnBox(new McpClientDriver().env("EXEMUX_EXECUTORS", "box=" + peer.url()), null);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void throughTheGateway(String release) throws Exception {
        String token = "workspace-" + Long.toHexString(System.nanoTime());
        try (ExecServer peer = ExecServer.start(release); TestGateway gateway = TestGateway.start(token)) {
            gateway.route("box", peer);
            workOnBox(new McpClientDriver()
                    .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                    .env("EXEMUX_TOKEN", token)
                    .env("EXEMUX_LOG_LEVEL", "debug"), token);

            String wrong = "wrong-" + Long.toHexString(System.nanoTime());
            McpClientDriver.Report refused = new McpClientDriver()
                    .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                    .env("EXEMUX_TOKEN", wrong)
                    .env("EXEMUX_LOG_LEVEL", "debug")
                    .call("stat_path", args("exe_id", "box", "path", "/"))
                    .run();
            JsonNode result = refused.result(0);
            assertTrue(result.path("isError").asBoolean(), result.toString());
            assertTrue(McpClientDriver.Report.text(result).toLowerCase().contains("token"), "says the token was refused: " + result);
            refused.assertNowhere(wrong);
            refused.assertNowhere(token);
        }
    }

    /**
     * The largest write a request may carry (just under its 32 MiB) goes through bin/exemux's heap settings
     * (a small initial heap that grows on demand) to a codex executor in 8 MiB pieces, whole.
     */
    @Test
    void theLargestLegalWriteReachesACodexExecutorWhole() throws Exception {
        String path = "/tmp/exemux-e2e-largest-" + System.nanoTime() + ".txt";
        String content = "0123456789abcdef".repeat(((int) Limits.MCP_REQUEST - 64 * 1024) / 16);
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW)) {
            McpClientDriver.Report r = new McpClientDriver().env("EXEMUX_EXECUTORS", "box=" + peer.url())
                    .call("write_file", args("exe_id", "box", "path", path, "content", content))
                    .call("stat_path", args("exe_id", "box", "path", path))
                    .call("remove_path", args("exe_id", "box", "path", path))
                    .run();
            JsonNode written = r.result(0);
            assertFalse(written.path("isError").asBoolean(), written.toString());
            assertEquals(FaultSoak.sha256(content), written.path("structuredContent").path("sha256").asText());
            assertEquals(content.length(), r.result(1).path("structuredContent").path("size").asLong(), r.result(1).toString());
            assertEquals(0, r.exitCode());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void copiesBetweenLocalAndCodexThroughTheRelayAndByStreaming(String release) throws Exception {
        String secret = "relay-secret-" + Long.toHexString(System.nanoTime());
        Path dir = Files.createTempDirectory("exemux-copy-e2e-");
        String source = dir.resolve("source.txt").toString();
        String onBox = "/tmp/exemux-copy-e2e-" + System.nanoTime() + ".txt";
        String back = dir.resolve("back.txt").toString();
        try (ExecServer peer = ExecServer.start(release); TestRelay relay = new TestRelay(secret, "ws-1", null)) {
            McpClientDriver.Report r = withLocalBoxAndRelay(peer, relay, secret)
                    .env("EXEMUX_LOG_LEVEL", "debug")
                    .call("write_file", args("exe_id", "local", "path", source, "content", "through the relay\n"))
                    .call("copy_path", args("src_exe_id", "local", "src_path", source, "dst_exe_id", "box", "dst_path", onBox,
                            "transport", "relay"))
                    .call("copy_path", args("src_exe_id", "box", "src_path", onBox, "dst_exe_id", "local", "dst_path", back,
                            "transport", "stream"))
                    .call("remove_path", args("exe_id", "box", "path", onBox))
                    .run();
            JsonNode relayed = r.result(1);
            assertFalse(relayed.path("isError").asBoolean(), relayed.toString());
            assertEquals("relay", relayed.path("structuredContent").path("transport").asText(), relayed.toString());
            assertTrue(relay.ticketsMinted() >= 1);
            JsonNode streamed = r.result(2);
            assertFalse(streamed.path("isError").asBoolean(), streamed.toString());
            assertEquals("stream", streamed.path("structuredContent").path("transport").asText());
            assertEquals("through the relay\n", Files.readString(Path.of(back)));
            r.assertStdoutIsOnlyJsonRpc();
            r.assertNowhere(secret);
        }
    }

    @Test
    void aCopyThatOutlivesItsCallIsFollowedWithCopyStatus() throws Exception {
        String secret = "relay-secret-" + Long.toHexString(System.nanoTime());
        Path dir = Files.createTempDirectory("exemux-copy-e2e-");
        Path source = Files.write(dir.resolve("big.bin"), new byte[4 << 20]);
        String onBox = "/tmp/exemux-copy-e2e-" + System.nanoTime() + ".bin";
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW); TestRelay relay = new TestRelay(secret, "ws-1", null)) {
            relay.throttle(1 << 20); // about 4 s for the file: longer than the first call waits
            McpClientDriver.Report r = withLocalBoxAndRelay(peer, relay, secret)
                    .listTools()
                    .call("copy_path", args("src_exe_id", "local", "src_path", source.toString(), "dst_exe_id", "box",
                            "dst_path", onBox, "yield_ms", 300, "transport", "relay"))
                    .call("copy_status", args("copy_id", "c1", "yield_ms", 30_000))
                    .call("stat_path", args("exe_id", "box", "path", onBox))
                    .call("remove_path", args("exe_id", "box", "path", onBox))
                    .run();
            JsonNode started = r.result(1);
            assertFalse(started.path("isError").asBoolean(), started.toString());
            assertEquals("running", started.path("structuredContent").path("state").asText(), started.toString());
            assertEquals("c1", started.path("structuredContent").path("copy_id").asText(), started.toString());
            JsonNode done = r.result(2);
            assertEquals("done", done.path("structuredContent").path("state").asText(), done.toString());
            assertEquals("relay", done.path("structuredContent").path("transport").asText(), done.toString());
            assertEquals(4 << 20, done.path("structuredContent").path("bytes").asLong(), done.toString());
            assertEquals(4 << 20, r.result(3).path("structuredContent").path("size").asLong(), r.result(3).toString());
            assertTrue(r.json().path("clientErrors").isEmpty(), () -> "client errors: " + r.json().path("clientErrors"));
            r.assertStdoutIsOnlyJsonRpc();
            r.assertNowhere(secret);
        }
    }

    /** exemux with `local`, the exec-server as `box`, and the test relay for workspace ws-1. */
    private static McpClientDriver withLocalBoxAndRelay(ExecServer peer, TestRelay relay, String secret) {
        return new McpClientDriver()
                .env("EXEMUX_EXECUTORS", "box=" + peer.url())
                .env("EXEMUX_LOCAL", "on")
                .env("EXEMUX_RELAY_URL", relay.url())
                .env("EXEMUX_RELAY_SECRET", secret)
                .env("EXEMUX_WORKSPACE_ID", "ws-1");
    }
}
