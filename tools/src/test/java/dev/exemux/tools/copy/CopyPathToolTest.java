package dev.exemux.tools.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.local.LocalExecutor;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestRelay;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolResult;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** copy_path through the tool interface, between a real codex exec-server (0.169) and {@code local}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyPathToolTest {

    private static final String SECRET = "tool-test-relay-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecServer peer;
    private ExecutorPool pool;
    private LocalExecutor local;
    private TestRelay relay;
    private RelayClient relayClient;
    private Tool tool;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        peer = ExecServer.start("0.169.0");
        pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("remote", URI.create(peer.url()))));
        local = new LocalExecutor();
        relay = new TestRelay(SECRET, "ws", null);
        relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws"));
        ExecutorResolver resolver = new ExecutorResolver() {
            @Override
            public Executor resolve(String exeId) {
                return LocalExecutor.EXE_ID.equals(exeId) ? local : pool.resolve(exeId);
            }

            @Override
            public List<ExecutorStatus> list() {
                return pool.list();
            }

            @Override
            public void close() {}
        };
        List<Tool> tools = CopyTools.create(resolver, relayClient);
        assertEquals(1, tools.size());
        tool = tools.get(0);
    }

    @AfterAll
    void stop() {
        relayClient.close();
        relay.close();
        local.shutdown();
        pool.close();
        peer.close();
    }

    @Test
    void definitionNamesTheToolAndItsArguments() {
        assertEquals("copy_path", tool.definition().name());
        assertEquals(List.of("src_exe_id", "src_path", "dst_exe_id", "dst_path"),
                JSON.convertValue(tool.definition().inputSchema().get("required"), List.class));
        assertFalse(tool.definition().readOnly());
        assertTrue(tool.definition().destructive());
    }

    @Test
    void copiesOverTheRelayAndReportsStructuredResults() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(3).nextBytes(data);
        Path src = Files.write(dir.resolve("in.bin"), data);
        RecordingContext ctx = new RecordingContext(Duration.ofSeconds(60));
        ToolResult r = tool.call(args("remote", src, LocalExecutor.EXE_ID, dir.resolve("out.bin"), null), ctx);
        assertFalse(r.isError(), r.text());
        assertMatchesOutputSchema(r.structured());
        assertEquals("relay", r.structured().get("transport").asText());
        assertEquals(data.length, r.structured().get("bytes").asLong());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(sha, r.structured().get("sha256").asText());
        assertTrue(r.structured().get("duration_ms").asLong() >= 0);
        assertNull(r.structured().get("fallback_reason"));
        assertTrue(r.text().contains("over the gateway relay") && r.text().contains(sha), r.text());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out.bin")));
        assertFalse(ctx.progress.isEmpty(), "no progress was reported");
        assertEquals((double) data.length, ctx.progress.get(ctx.progress.size() - 1));
    }

    @Test
    void reportsTheFallbackReasonWhenItStreams() throws Exception {
        Path src = Files.writeString(dir.resolve("s.txt"), "streamed\n");
        relay.disabled(true);
        try {
            ToolResult r = tool.call(args(LocalExecutor.EXE_ID, src, "remote", dir.resolve("s2.txt"), null),
                    new RecordingContext(Duration.ofSeconds(60)));
            assertFalse(r.isError(), r.text());
            assertEquals("stream", r.structured().get("transport").asText());
            assertTrue(r.structured().get("fallback_reason").asText().contains("503"), r.structured().toString());
            assertTrue(r.text().contains("The relay was not used"), r.text());
            assertEquals("streamed\n", Files.readString(dir.resolve("s2.txt")));
        } finally {
            relay.disabled(false);
        }
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
    }

    @Test
    void aCopyThatCannotFinishBeforeTheDeadlineFailsCleanly() throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(4).nextBytes(data);
        Path src = Files.write(dir.resolve("big"), data);
        Path target = dir.resolve("big-copy");
        RecordingContext ctx = new RecordingContext(Duration.ofMillis(800));
        Instant t0 = Instant.now();
        ToolResult r = tool.call(args("remote", src, LocalExecutor.EXE_ID, target, "stream"), ctx);
        assertTrue(Instant.now().isBefore(ctx.deadline().plusMillis(200)), "the call outlived its deadline (started " + t0 + ")");
        assertTrue(r.isError());
        assertTrue(r.text().contains("did not finish within"), r.text());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("big"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCancelledCopyStopsAndLeavesNothing() throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(5).nextBytes(data);
        Path src = Files.write(dir.resolve("cancel-me"), data);
        RecordingContext ctx = new RecordingContext(Duration.ofSeconds(60));
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
        ToolResult r = tool.call(args(LocalExecutor.EXE_ID, src, "remote", dir.resolve("cancelled"), "stream"), ctx);
        canceller.join();
        assertTrue(r.isError(), r.text());
        assertTrue(r.text().contains("cancelled"), r.text());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L);
        assertFalse(Thread.currentThread().isInterrupted(), "the cancel leaked into the caller's thread");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("cancel-me"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Every required field is there, with the declared type, and nothing undeclared. */
    private void assertMatchesOutputSchema(ObjectNode structured) {
        ObjectNode schema = tool.definition().outputSchema();
        schema.get("required").forEach(f -> assertTrue(structured.has(f.asText()), "missing " + f));
        structured.fieldNames().forEachRemaining(name -> {
            var property = schema.get("properties").get(name);
            assertTrue(property != null, "undeclared field " + name);
            String type = property.get("type").isArray() ? property.get("type").get(0).asText() : property.get("type").asText();
            var value = structured.get(name);
            boolean ok = switch (type) {
                case "string" -> value.isTextual() || (value.isNull() && property.get("type").isArray());
                case "integer" -> value.isIntegralNumber();
                default -> true;
            };
            assertTrue(ok, name + " is not a " + type + ": " + value);
        });
    }

    private void assertError(String expected, ObjectNode arguments) {
        ToolResult r = tool.call(arguments, new RecordingContext(Duration.ofSeconds(30)));
        assertTrue(r.isError(), r.text());
        assertTrue(r.text().contains(expected), r.text());
        assertFalse(r.text().contains("\tat "), "stack trace in: " + r.text());
    }

    private static ObjectNode args(String srcId, Path src, String dstId, Path dst, String transport) {
        ObjectNode n = JSON.createObjectNode().put("src_exe_id", srcId).put("src_path", src.toString())
                .put("dst_exe_id", dstId).put("dst_path", dst.toString());
        if (transport != null) {
            n.put("transport", transport);
        }
        return n;
    }

    private static final class RecordingContext implements ToolContext {
        private final Instant deadline;
        final List<Double> progress = new ArrayList<>();

        RecordingContext(Duration budget) {
            deadline = Instant.now().plus(budget);
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public synchronized void progress(double done, Double total, String message) {
            progress.add(done);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        private final List<Runnable> onCancel = new ArrayList<>();

        synchronized void cancel() {
            onCancel.forEach(Runnable::run);
        }

        @Override
        public synchronized void onCancel(Runnable action) {
            onCancel.add(action);
        }
    }
}
