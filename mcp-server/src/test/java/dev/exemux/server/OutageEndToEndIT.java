package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an agent reads through bin/exemux and the real MCP client when the executor goes silent in the
 * middle of a wait, and when it is offline for a moment during a running session. The commands wait for
 * a file the test creates, so they run exactly as long as the test needs, whatever the machine's speed.
 */
class OutageEndToEndIT {

    private static final long CALL_TIMEOUT_MS = 90_000;
    /** Far beyond what a correct exemux needs: only a hang reaches it. */
    private static final long GENEROUS_NANOS = TimeUnit.SECONDS.toNanos(150);

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void anExecutorBlackHoledMidWaitIsReportedSilentNotRunning(String release) throws Exception {
        Path started = dir.resolve("started");
        Path go = dir.resolve("go");
        try (Fleet fleet = Fleet.start(List.of(release), 1, "quiet-");
             McpSession mcp = McpSession.start(fleet.exemuxEnv(), keptLog("black-holed-mid-wait-" + release))) {
            String exe = fleet.exeIds().get(0);
            CompletableFuture<McpSession.Outcome> call = mcp.call("exec_command", args("exe_id", exe, "command",
                    "touch '" + started + "'; while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo END; exit 3",
                    "yield_ms", 40_000), CALL_TIMEOUT_MS);
            waitFor(() -> Files.exists(started), "the command started");
            fleet.gateway.blackhole(exe, true);
            McpSession.Outcome o = call.get(CALL_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS);
            assertTrue(o.ok() && !o.isError(), o.toString());
            JsonNode r = o.structured();
            assertEquals("unknown", r.path("state").asText(), r.toString());
            assertTrue(r.path("exit_code").isNull(), r.toString());
            assertTrue(r.path("failure").asText().matches(".*executor '" + exe + "' has not answered for [0-9.]+ s.*"), r.toString());
            assertTrue(o.text().contains("read_output"), "says what to do: " + o.text());

            fleet.gateway.blackhole(exe, false);
            Files.writeString(go, "go");
            JsonNode end = followToTheEnd(mcp, exe, r, new StringBuilder());
            assertEquals("exited", end.path("state").asText(), end.toString());
            assertEquals(3, end.path("exit_code").asInt(), end.toString());
        }
    }

    /**
     * exemux's stderr for a test whose rare failures need it afterwards: in the module's target directory
     * where it outlives the test, not in the test's temporary directory.
     */
    private static Path keptLog(String name) throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "exemux-logs")).resolve(name + ".stderr.log");
    }

    @Test
    void aSessionOutlivesTheExecutorBeingOfflineForOneAndAHalfSeconds() throws Exception {
        Path go = dir.resolve("go");
        try (Fleet fleet = Fleet.start(List.of(CodexRelease.NEW), 1, "flaky-");
             McpSession mcp = McpSession.start(fleet.exemuxEnv(), dir.resolve("stderr.log"))) {
            String exe = fleet.exeIds().get(0);
            McpSession.Outcome o = mcp.call("exec_command", args("exe_id", exe, "command",
                    "echo start; while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo END", "yield_ms", 500),
                    CALL_TIMEOUT_MS).get();
            assertTrue(o.ok() && !o.isError(), o.toString());
            JsonNode first = o.structured();
            assertEquals("running", first.path("state").asText(), first.toString());

            fleet.gateway.setOffline(exe, true);
            fleet.gateway.drop(exe);
            Thread.sleep(1500); // the outage itself
            fleet.gateway.setOffline(exe, false);
            Files.writeString(go, "go");

            StringBuilder stdout = new StringBuilder(first.path("stdout").asText());
            JsonNode end = followToTheEnd(mcp, exe, first, stdout);
            assertEquals("exited", end.path("state").asText(), end.toString());
            assertEquals(0, end.path("exit_code").asInt(), end.toString());
            assertEquals("start\nEND\n", stdout.toString());
        }
    }

    /** read_output until the session has ended, as an agent would; appends the output to {@code stdout}. */
    private static JsonNode followToTheEnd(McpSession mcp, String exe, JsonNode from, StringBuilder stdout) throws Exception {
        String session = from.path("session_id").asText();
        JsonNode last = from;
        long until = System.nanoTime() + GENEROUS_NANOS;
        while (List.of("running", "unknown").contains(last.path("state").asText())) {
            assertTrue(System.nanoTime() < until, "the session never ended: " + last);
            McpSession.Outcome o = mcp.call("read_output", args("exe_id", exe, "session_id", session, "yield_ms", 10_000),
                    CALL_TIMEOUT_MS).get();
            assertTrue(o.ok() && !o.isError(), o.toString());
            last = o.structured();
            stdout.append(last.path("stdout").asText());
        }
        return last;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + GENEROUS_NANOS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "never happened: " + what);
            Thread.sleep(20);
        }
    }
}
