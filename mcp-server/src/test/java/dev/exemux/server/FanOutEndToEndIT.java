package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 (copy_path to many, discovery) and issue 13 item 5 (local and a gateway executor), through
 * bin/exemux and the MCP TypeScript client: a test gateway routes 8 destination exe_ids and a source onto
 * real codex exec-servers of an old and a new release (0.130.0, 0.169.0), with the test relay.
 */
class FanOutEndToEndIT {

    private static final List<String> DESTINATIONS = IntStream.rangeClosed(1, 8).mapToObj(i -> "d" + i).toList();

    @Test
    void copyToEightExecutorsWithOneRefusingAndDiscovery() throws Exception {
        String token = "workspace-" + Long.toHexString(System.nanoTime());
        String secret = "relay-secret-" + Long.toHexString(System.nanoTime());
        Path dir = Files.createTempDirectory("exemux-fanout-e2e-");
        byte[] data = new byte[3 << 20];
        new Random(11).nextBytes(data);
        Path source = Files.write(dir.resolve("source.bin"), data);
        String target = dir.resolve("copied.bin").toString();
        try (ExecServer old = ExecServer.start(CodexRelease.OLD); ExecServer current = ExecServer.start(CodexRelease.NEW);
                TestGateway gateway = TestGateway.start(token).workspaceId("ws-1");
                TestRelay relay = new TestRelay(secret, "ws-1", Set.of("src", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"))) {
            gateway.route("src", current);
            for (int i = 0; i < DESTINATIONS.size(); i++) {
                gateway.route(DESTINATIONS.get(i), i % 2 == 0 ? old : current);
            }
            gateway.forbid("d5"); // not in this workspace: its copy fails, the others do not
            McpClientDriver.Report r = driver(gateway, token, relay, secret, "ws-1")
                    .listTools()
                    .call("list_executors", args())
                    .call("list_executors", args("pattern", "d*"))
                    .call("copy_path", args("src_exe_id", "src", "src_path", source.toString(), "dst_exe_ids", DESTINATIONS,
                            "dst_path", target, "yield_ms", 50_000))
                    // Done by now or not (a loaded machine), copy_status gives the final answer.
                    .call("copy_status", args("copy_id", "c1", "yield_ms", 50_000))
                    .call("copy_path", args("src_exe_id", "local", "src_path", source.toString(), "dst_exe_id", "d1",
                            "dst_path", dir.resolve("from-local.bin").toString()))
                    .call("copy_path", args("src_exe_id", "d1", "src_path", dir.resolve("from-local.bin").toString(),
                            "dst_exe_id", "local", "dst_path", dir.resolve("back-to-local.bin").toString()))
                    .run();
            r.assertStdoutIsOnlyJsonRpc();
            assertTrue(r.json().path("clientErrors").isEmpty(), () -> "client errors: " + r.json().path("clientErrors"));

            // Discovery: the gateway's connected executors (d5 is forbidden, so not listed) besides local.
            List<String> listed = ids(r.result(1));
            assertEquals(List.of("d1", "d2", "d3", "d4", "d6", "d7", "d8", "local", "src"), listed, r.result(1).toString());
            assertFalse(r.result(1).path("structuredContent").path("executors").get(0).path("gateway_last_seen").isNull());
            assertEquals(List.of("d1", "d2", "d3", "d4", "d6", "d7", "d8"), ids(r.result(2)));

            // The fan-out: seven verified copies over their own tickets, one refusal reported for d5 alone.
            assertEquals("c1", r.result(3).path("structuredContent").path("copy_id").asText(), r.result(3).toString());
            JsonNode fanOut = r.result(4);
            assertFalse(fanOut.path("isError").asBoolean(), fanOut.toString());
            JsonNode items = fanOut.path("structuredContent").path("destinations");
            assertEquals(8, items.size(), items.toString());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            for (JsonNode item : items) {
                if (item.path("exe_id").asText().equals("d5")) {
                    assertEquals("failed", item.path("state").asText(), item.toString());
                    assertTrue(item.path("error").asText().contains("d5"), item.toString());
                } else {
                    assertEquals("done", item.path("state").asText(), item.toString());
                    assertEquals("relay", item.path("transport").asText(), item.toString());
                    assertEquals(sha, item.path("sha256").asText());
                }
            }
            assertTrue(McpClientDriver.Report.text(fanOut).contains("to 7 of 8 executors"), McpClientDriver.Report.text(fanOut));
            assertArrayEquals(data, Files.readAllBytes(Path.of(target)));

            // local <-> a gateway executor: auto streams without asking the relay for a ticket naming 'local'.
            for (int i : new int[] {5, 6}) {
                JsonNode copy = r.result(i).path("structuredContent");
                assertFalse(r.result(i).path("isError").asBoolean(), r.result(i).toString());
                assertEquals("stream", copy.path("transport").asText(), copy.toString());
                assertTrue(copy.path("fallback_reason").asText().contains("'local' runs inside exemux"), copy.toString());
            }
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("back-to-local.bin")));
            assertEquals(7, relay.ticketsMinted(), "one ticket per relayed destination, none for local");
            r.assertNowhere(secret);
            r.assertNowhere(token);

            // A gateway without discovery: nothing said, the known executors listed.
            gateway.offerDiscovery(false);
            McpClientDriver.Report without = driver(gateway, token, relay, secret, "ws-1").call("list_executors", args()).run();
            assertEquals(List.of("local"), ids(without.result(0)));
            assertFalse(without.result(0).path("structuredContent").has("warnings"), without.result(0).toString());

            // A gateway refusing discovery for this workspace: a warning, not a failure.
            gateway.offerDiscovery(true);
            McpClientDriver.Report refused = driver(gateway, token, relay, secret, "ws-other").call("list_executors", args()).run();
            assertFalse(refused.result(0).path("isError").asBoolean(), refused.result(0).toString());
            assertEquals(List.of("local"), ids(refused.result(0)));
            String warning = refused.result(0).path("structuredContent").path("warnings").get(0).asText();
            assertTrue(warning.contains("HTTP 403"), warning);
            refused.assertNowhere(token);
        } finally {
            for (Path p : List.of(dir.resolve("source.bin"), Path.of(target), dir.resolve("from-local.bin"),
                    dir.resolve("back-to-local.bin"), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static McpClientDriver driver(TestGateway gateway, String token, TestRelay relay, String secret, String workspace) {
        return new McpClientDriver()
                .env("EXEMUX_GATEWAY_URL", gateway.bridgeUrl())
                .env("EXEMUX_TOKEN", token)
                .env("EXEMUX_LOCAL", "on")
                .env("EXEMUX_RELAY_URL", relay.url())
                .env("EXEMUX_RELAY_SECRET", secret)
                .env("EXEMUX_WORKSPACE_ID", workspace);
    }

    private static List<String> ids(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("structuredContent").path("executors").forEach(e -> out.add(e.path("exe_id").asText()));
        return out;
    }
}
