package dev.exemux.tools.copy;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.local.LocalExecutor;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestRelay;
import dev.exemux.tools.testing.TestContext;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** copy_path and copy_status through the tool interface, between a real codex exec-server (0.169) and {@code local}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyPathToolTest {

    private static final String SECRET = "tool-test-relay-secret";

    private ExecServer peer;
    private ExecutorPool pool;
    private LocalExecutor local;
    private TestRelay relay;
    private RelayClient relayClient;
    private ToolHarness harness;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        peer = ExecServer.start(CodexRelease.NEW);
        pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("remote", URI.create(peer.url()),
                "remote-b", URI.create(peer.url()))));
        local = new LocalExecutor();
        relay = new TestRelay(SECRET, "ws", null);
        relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws"));
        TestResolver resolver = new TestResolver().add(LocalExecutor.EXE_ID, local).add("remote", pool.resolve("remote"))
                .add("remote-b", pool.resolve("remote-b"));
        CopyTools copies = CopyTools.create(resolver, relayClient);
        harness = new ToolHarness(copies.tools(), copies::close);
    }

    @AfterEach
    void relayBackToNormal() {
        relay.throttle(0);
        relay.disabled(false);
    }

    @AfterAll
    void stop() {
        harness.close();
        relayClient.close();
        relay.close();
        local.shutdown();
        pool.close();
        peer.close();
    }

    @Test
    void definitionNamesTheToolAndItsArguments() {
        var d = harness.tool("copy_path").definition();
        assertEquals(List.of("src_exe_id", "src_path", "dst_path"),
                ToolHarness.JSON.convertValue(d.inputSchema().get("required"), List.class));
        assertFalse(d.readOnly());
        assertTrue(d.destructive());
        assertEquals(false, d.inputSchema().path("additionalProperties").asBoolean(true));
    }

    @Test
    void copiesOverTheRelayAndReportsStructuredResults() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(3).nextBytes(data);
        Path src = Files.write(dir.resolve("in.bin"), data);
        TestContext ctx = new TestContext(Duration.ofSeconds(60));
        Result r = harness.call("copy_path", ctx, args("remote", src, LocalExecutor.EXE_ID, dir.resolve("out.bin"), "relay"));
        assertEquals("done", r.string("state"), r.text());
        assertTrue(r.string("copy_id").matches("c[0-9]+"), r.structured().toString());
        assertEquals("relay", r.string("transport"));
        assertEquals(data.length, r.get("bytes").asLong());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(sha, r.string("sha256"));
        assertTrue(r.get("duration_ms").asLong() >= 0);
        assertFalse(r.structured().has("fallback_reason"));
        assertTrue(r.text().contains("over the gateway relay") && r.text().contains(sha), r.text());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out.bin")));
        List<String> progress = ctx.progressMessages();
        assertFalse(progress.isEmpty(), "no progress was reported");
        assertTrue(progress.get(progress.size() - 1).startsWith((double) data.length + " "), progress.toString());
    }

    @Test
    void reportsTheFallbackReasonWhenItStreams() throws Exception {
        Path src = Files.writeString(dir.resolve("s.txt"), "streamed\n");
        relay.disabled(true);
        try {
            Result r = harness.call("copy_path", args("remote", src, "remote-b", dir.resolve("s2.txt"), null));
            assertEquals("stream", r.string("transport"));
            assertTrue(r.string("fallback_reason").contains("503"), r.structured().toString());
            assertTrue(r.text().contains("The relay was not used"), r.text());
            assertEquals("streamed\n", Files.readString(dir.resolve("s2.txt")));
        } finally {
            relay.disabled(false);
        }
    }

    /** Issue 13 item 5: local is in no gateway workspace, so auto never asks the relay for a ticket naming it. */
    @Test
    void autoBetweenLocalAndAnExecutorStreamsWithoutMintingATicket() throws Exception {
        Path src = Files.writeString(dir.resolve("l.txt"), "from local\n");
        int minted = relay.ticketsMinted();
        Result there = harness.call("copy_path", args(LocalExecutor.EXE_ID, src, "remote", dir.resolve("l2.txt"), null));
        assertEquals("stream", there.string("transport"), there.text());
        assertTrue(there.string("fallback_reason").contains("'local' runs inside exemux"), there.structured().toString());
        Result back = harness.call("copy_path", args("remote", dir.resolve("l2.txt"), LocalExecutor.EXE_ID, dir.resolve("l3.txt"), null));
        assertEquals("stream", back.string("transport"), back.text());
        assertEquals("from local\n", Files.readString(dir.resolve("l3.txt")));
        assertEquals(minted, relay.ticketsMinted(), "a ticket naming 'local' was minted");
    }

    // ---- dst_exe_ids -----------------------------------------------------------------------------

    @Test
    void copiesToManyExecutorsWithAResultPerDestination() throws Exception {
        byte[] data = new byte[2_000_000];
        new Random(8).nextBytes(data);
        Path src = Files.write(dir.resolve("many.bin"), data);
        int minted = relay.ticketsMinted();
        Result r = harness.call("copy_path", new TestContext(Duration.ofSeconds(60)), fanOut("remote", src,
                List.of("remote-b", LocalExecutor.EXE_ID, "nope", "remote-b"), dir.resolve("many-copy.bin"), null)
                .put("yield_ms", 50_000));
        assertFalse(r.isError(), r.text());
        assertEquals("done", r.string("state"), r.text());
        var items = r.get("destinations");
        assertEquals(3, items.size(), "duplicates are copied to once: " + items);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals("remote-b", items.get(0).path("exe_id").asText());
        assertEquals("done", items.get(0).path("state").asText(), items.toString());
        assertEquals("relay", items.get(0).path("transport").asText());
        assertEquals(sha, items.get(0).path("sha256").asText());
        assertEquals("done", items.get(1).path("state").asText(), items.toString());
        assertEquals("stream", items.get(1).path("transport").asText(), "auto never mints for local");
        assertEquals(sha, items.get(1).path("sha256").asText());
        assertEquals("failed", items.get(2).path("state").asText());
        assertTrue(items.get(2).path("error").asText().contains("Unknown exe_id 'nope'"), items.toString());
        assertTrue(r.text().contains("to 2 of 3 executors") && r.text().contains("nope: FAILED"), r.text());
        assertEquals(minted + 1, relay.ticketsMinted(), "one ticket per relayed destination");
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("many-copy.bin")));
    }

    @Test
    void aLongFanOutReturnsACopyIdAndCopyStatusReportsEachDestination() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(9).nextBytes(data);
        Path src = Files.write(dir.resolve("slow-many"), data);
        relay.throttle(1 << 20);
        Result started = harness.call("copy_path", new TestContext(Duration.ofSeconds(30)), fanOut("remote", src,
                List.of("remote-b", LocalExecutor.EXE_ID), dir.resolve("slow-many-copy"), "relay").put("yield_ms", 300));
        assertEquals("running", started.string("state"), started.text());
        assertEquals(2, started.get("destinations").size(), started.structured().toString());
        assertTrue(started.text().contains("destinations finished"), started.text());
        Result done = harness.call("copy_status", new TestContext(Duration.ofSeconds(40)),
                ToolHarness.JSON.createObjectNode().put("copy_id", started.string("copy_id")).put("yield_ms", 40_000));
        assertEquals("done", done.string("state"), done.text());
        for (var item : done.get("destinations")) {
            assertEquals("done", item.path("state").asText(), done.text());
            assertEquals("relay", item.path("transport").asText());
            assertEquals(data.length, item.path("bytes").asLong());
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("slow-many-copy")));
    }

    @Test
    void fanOutArgumentsAreChecked() throws Exception {
        Path src = Files.writeString(dir.resolve("fa"), "x");
        ObjectNode both = fanOut("remote", src, List.of("remote-b"), dir.resolve("fb"), null).put("dst_exe_id", "remote-b");
        assertError("exactly one of dst_exe_id", both);
        assertError("exactly one of dst_exe_id", (ObjectNode) args("remote", src, "remote-b", dir.resolve("fb"), null).without("dst_exe_id"));
        assertError("must list 1 to 64", fanOut("remote", src, List.of(), dir.resolve("fb"), null));
        assertError("Invalid exe_id in 'dst_exe_ids'", fanOut("remote", src, List.of("ok", "bad id; rm -rf /"), dir.resolve("fb"), null));
        Result allFail = harness.call("copy_path", fanOut("remote", dir.resolve("missing"), List.of("remote-b", "local"),
                dir.resolve("fb"), null));
        assertTrue(allFail.isError() && allFail.text().contains("to 0 of 2") && allFail.text().contains("does not exist"),
                allFail.text());
    }

    private static ObjectNode fanOut(String srcId, Path src, List<String> dstIds, Path dst, String transport) {
        ObjectNode n = (ObjectNode) args(srcId, src, "x", dst, transport).without("dst_exe_id");
        var ids = n.putArray("dst_exe_ids");
        dstIds.forEach(ids::add);
        return n;
    }

    @Test
    void badInputIsAnErrorResultThatSaysWhatToDo() throws Exception {
        Path src = Files.writeString(dir.resolve("x"), "x");
        assertError("Unknown exe_id 'nope'", args("nope", src, "remote", dir.resolve("y"), null));
        assertError("Missing required argument 'dst_path'",
                (ObjectNode) args("remote", src, "remote", dir.resolve("y"), null).without("dst_path"));
        assertError("must be one of auto, relay, stream", args("remote", src, LocalExecutor.EXE_ID, dir.resolve("y"), "fast"));
        assertError("does not exist", args("remote", dir.resolve("missing"), LocalExecutor.EXE_ID, dir.resolve("y"), null));
        assertError("pass recursive: true", args("remote", dir, LocalExecutor.EXE_ID, dir.resolve("y"), null));
        assertError("Unknown argument 'bogus' for copy_path",
                args("remote", src, LocalExecutor.EXE_ID, dir.resolve("y"), null).put("bogus", 1));
        assertError("Invalid argument 'src_exe_id'",
                args("bad id; rm -rf /", src, LocalExecutor.EXE_ID, dir.resolve("y"), null));
        assertError("must be an absolute path", args("remote", Path.of("relative"), LocalExecutor.EXE_ID, dir.resolve("y"), null));
    }

    @Test
    void aCopyLongerThanTheCallKeepsRunningAndCopyStatusReturnsItsResult() throws Exception {
        byte[] data = new byte[6 << 20];
        new Random(4).nextBytes(data);
        Files.write(dir.resolve("slow"), data);
        relay.throttle(2 << 20);
        TestContext ctx = new TestContext(Duration.ofMillis(1500));
        Result started = harness.call("copy_path", ctx, args("remote", dir.resolve("slow"), LocalExecutor.EXE_ID,
                dir.resolve("slow-copy"), "relay"));
        assertTrue(Instant.now().isBefore(ctx.deadline().plusMillis(200)), "the call outlived its deadline");
        assertEquals("running", started.string("state"), started.text());
        String id = started.string("copy_id");
        assertTrue(started.text().contains("copy_status") && started.text().contains(id), started.text());
        assertFalse(Files.exists(dir.resolve("slow-copy")), "dst_path appears only once the copy is verified");

        TestContext waiting = new TestContext(Duration.ofSeconds(30));
        Result done = harness.call("copy_status", waiting, ToolHarness.JSON.createObjectNode().put("copy_id", id));
        assertEquals("done", done.string("state"), done.text());
        assertEquals(data.length, done.get("bytes").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), done.string("sha256"));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("slow-copy")));
        assertFalse(waiting.progressMessages().isEmpty(), "copy_status passes the copy's progress on while it waits");

        Result again = harness.call("copy_status", ToolHarness.JSON.createObjectNode().put("copy_id", id).put("yield_ms", 0));
        assertEquals("done", again.string("state"), "a finished copy stays readable");
    }

    @Test
    void aCopyPastItsTimeoutIsStoppedAndLeavesNothing() throws Exception {
        Result r = slowRelayCopy("too-slow", "timeout_ms", 2000);
        assertTrue(r.isError(), r.text());
        assertTrue(r.text().contains("did not finish within"), r.text());
        assertEntries("too-slow");
    }

    @Test
    void copyStatusCancelsARunningCopyAndNothingIsLeft() throws Exception {
        Result started = slowRelayCopy("to-cancel", "yield_ms", 500);
        assertEquals("running", started.string("state"), started.text());
        Result cancelled = harness.call("copy_status", ToolHarness.JSON.createObjectNode()
                .put("copy_id", started.string("copy_id")).put("cancel", true));
        assertEquals("cancelled", cancelled.string("state"), cancelled.text());
        assertTrue(cancelled.text().contains("nothing was left at dst_path"), cancelled.text());
        assertEntries("to-cancel");
    }

    /** copy_path of a 6 MiB file from remote to local over the relay throttled to 1 MiB/s (about 6 s). */
    private Result slowRelayCopy(String name, String option, long value) throws Exception {
        Files.write(dir.resolve(name), new byte[6 << 20]);
        relay.throttle(1 << 20);
        return harness.call("copy_path", new TestContext(Duration.ofSeconds(30)),
                args("remote", dir.resolve(name), LocalExecutor.EXE_ID, dir.resolve(name + "-copy"), "relay").put(option, value));
    }

    @Test
    void copyStatusSaysWhatIsWrongWithACopyId() {
        Result unknown = harness.call("copy_status", ToolHarness.JSON.createObjectNode().put("copy_id", "c999999"));
        assertTrue(unknown.isError() && unknown.text().contains("Unknown copy_id 'c999999'"), unknown.text());
        Result invalid = harness.call("copy_status", ToolHarness.JSON.createObjectNode().put("copy_id", "s3; rm -rf /"));
        assertTrue(invalid.isError() && invalid.text().contains("copy ids look like"), invalid.text());
        assertFalse(invalid.text().contains("rm -rf"), invalid.text());
    }

    @Test
    void aCancelledCopyStopsAndLeavesNothing() throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(5).nextBytes(data);
        Files.write(dir.resolve("cancel-me"), data);
        TestContext ctx = new TestContext(Duration.ofSeconds(60));
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            ctx.cancel();
        });
        canceller.start();
        long t0 = System.nanoTime();
        Result r = harness.call("copy_path", ctx, args(LocalExecutor.EXE_ID, dir.resolve("cancel-me"), "remote", dir.resolve("cancelled"), "stream"));
        canceller.join();
        assertEquals("cancelled", r.string("state"), r.text());
        assertTrue(r.text().contains("cancelled") && r.text().contains("nothing was left at dst_path"), r.text());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L);
        assertFalse(Thread.currentThread().isInterrupted(), "the cancel leaked into the caller's thread");
        assertEntries("cancel-me");
    }

    private void assertEntries(String... names) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(names), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private void assertError(String expected, ObjectNode arguments) {
        Result r = harness.call("copy_path", new TestContext(Duration.ofSeconds(30)), arguments);
        assertTrue(r.isError(), r.text());
        assertTrue(r.text().contains(expected), r.text());
        assertFalse(r.text().contains("rm -rf"), r.text());
    }

    private static ObjectNode args(String srcId, Path src, String dstId, Path dst, String transport) {
        ObjectNode n = ToolHarness.JSON.createObjectNode().put("src_exe_id", srcId).put("src_path", src.toString())
                .put("dst_exe_id", dstId).put("dst_path", dst.toString());
        if (transport != null) {
            n.put("transport", transport);
        }
        return n;
    }
}
