package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.testing.CodexRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * exec_many and wait_sessions through bin/exemux and the MCP TypeScript client, on a test gateway routing
 * 16 exe_ids onto two real exec-servers, an old and a new release (box-0, box-2, … on 0.130.0; box-1,
 * box-3, … on 0.169.0; each id its own WebSocket session). Nothing here waits on a clock: processes hold
 * on files the test creates, and every wait is for a condition with a generous deadline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndIT {

    private static final int IDS = 16;
    private static final long CALL_MS = 58_000;
    private static Fleet fleet;
    private static McpSession mcp;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        CodexRelease.require(CodexRelease.OLD);
        CodexRelease.require(CodexRelease.NEW);
        fleet = Fleet.start(List.of(CodexRelease.OLD, CodexRelease.NEW), IDS, "box-");
        dir = Files.createTempDirectory("exemux-fleet-e2e-");
        mcp = McpSession.start(fleet.exemuxEnv(), dir.resolve("exemux.stderr"));
    }

    @AfterAll
    static void stop() {
        if (mcp != null) {
            mcp.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static McpSession.Outcome call(String tool, ObjectNode arguments) throws Exception {
        McpSession.Outcome o = mcp.call(tool, arguments, CALL_MS).get(CALL_MS + 30_000, TimeUnit.MILLISECONDS);
        assertTrue(o.ok(), () -> tool + " failed at the protocol level: " + o.error());
        return o;
    }

    private static JsonNode executor(McpSession.Outcome o, String exeId) {
        for (JsonNode e : o.structured().path("executors")) {
            if (e.path("exe_id").asText().equals(exeId)) {
                return e;
            }
        }
        throw new AssertionError("no " + exeId + " in " + o.text());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add("box-" + i);
        }
        return ids;
    }

    @Test
    @Order(1)
    void allExitingOnBothReleasesIsOneGroupWithProgress() throws Exception {
        McpSession.Call c = mcp.start("exec_many", args("exe_ids", ids(0, IDS), "command", "echo same-$((6*7))"), CALL_MS, true);
        McpSession.Outcome o = c.outcome().get(CALL_MS + 30_000, TimeUnit.MILLISECONDS);
        assertTrue(o.ok() && !o.isError(), o.text());
        assertTrue(o.text().startsWith("16 executors: 16 exited 0 in "), o.text());
        JsonNode groups = o.structured().path("groups");
        assertEquals(1, groups.size(), o.text());
        assertEquals(IDS, groups.get(0).path("exe_ids").size());
        assertEquals("same-42\n", groups.get(0).path("stdout").asText());
        assertEquals(1, o.text().split("same-42", -1).length - 1, "one copy: " + o.text());
        assertFalse(o.progress().isEmpty(), "progress arrived");
        o.progress().forEach(p -> assertEquals(IDS, p.path("total").asInt(), p.toString()));
        for (String id : ids(0, IDS)) {
            assertEquals(1, fleet.gateway.upgrades(id), id + " has its own WebSocket session");
        }
    }

    @Test
    @Order(2)
    void theOthersAnswerCorrectlyBesideABlackHoledAndAnOfflineExecutor() throws Exception {
        fleet.gateway.blackhole("box-14", true); // its live connection now swallows every frame
        fleet.gateway.setOffline("box-15", true);
        fleet.gateway.drop("box-15"); // gone: the redial gets 503
        Path go = dir.resolve("go");
        Path holders = Files.createDirectories(dir.resolve("holders"));
        // Exactly two executors take a slot and hold until the test creates `go`; the others exit at once.
        String command = "if mkdir " + holders + "/a 2>/dev/null || mkdir " + holders + "/b 2>/dev/null; then echo holder;"
                + " while [ ! -e " + go + " ]; do sleep 0.05; done; echo released; else echo quick; fi";
        McpSession.Outcome o = call("exec_many", args("exe_ids", List.of("box-*"), "command", command, "yield_ms", 15_000));
        assertFalse(o.isError(), o.text());
        JsonNode s = o.structured();
        assertEquals(IDS, s.path("globs").get(0).path("exe_ids").size(), "the glob matched every executor seen: " + o.text());
        // The black hole swallowed the start: unanswered, or, once box-14 was found silent, unknown with a
        // session that follows it (it may have started) once it answers again.
        JsonNode hole = executor(o, "box-14");
        String holeState = hole.path("state").asText();
        assertTrue(Set.of("no_answer", "unreachable", "unknown").contains(holeState), o.text());
        if (holeState.equals("unknown")) {
            assertFalse(hole.path("session_id").isNull(), o.text());
            assertTrue(o.text().contains("unknown after"), o.text());
        }
        assertEquals("unreachable", executor(o, "box-15").path("state").asText(), o.text());
        assertTrue(executor(o, "box-15").path("error").asText().contains("box-15"), o.text());
        Map<String, String> sessions = new LinkedHashMap<>();
        int quick = 0;
        for (String id : ids(0, 14)) {
            JsonNode e = executor(o, id);
            String output = s.path("groups").get(e.path("group").asInt()).path("stdout").asText();
            if (e.path("state").asText().equals("running")) {
                sessions.put(id, e.path("session_id").asText());
            } else {
                assertEquals("exited", e.path("state").asText(), o.text());
                assertEquals(0, e.path("exit_code").asInt());
                assertEquals("quick\n", output, o.text());
                quick++;
            }
        }
        assertEquals(2, sessions.size(), o.text());
        assertEquals(12, quick);
        assertTrue(o.text().startsWith("16 executors: 12 exited 0, 2 running, "), o.text());
        assertTrue(o.text().indexOf("== unreachable") < o.text().indexOf("== exited 0"), "failures first: " + o.text());

        // The two holders: wait_sessions and read_output share their output, nothing lost or repeated.
        Map<String, StringBuilder> seen = new HashMap<>();
        sessions.forEach((id, sid) -> seen.put(id, new StringBuilder(
                s.path("groups").get(executor(o, id).path("group").asInt()).path("stdout").asText())));
        ArrayNode list = McpClientDriver.JSON.createArrayNode();
        sessions.forEach((id, sid) -> list.addObject().put("exe_id", id).put("session_id", sid));
        list.addObject().put("exe_id", "box-3").put("session_id", "s9999");
        ObjectNode wait = args("until", "all", "pattern", "released", "yield_ms", 300);
        wait.set("sessions", list);
        McpSession.Outcome early = call("wait_sessions", wait);
        assertFalse(early.isError(), early.text());
        assertEquals("yield_ms", early.structured().path("reason").asText(), early.text());
        assertEquals("s9999", early.structured().path("errors").get(0).path("session_id").asText(), early.text());
        early.structured().path("sessions").forEach(x -> seen.get(x.path("exe_id").asText()).append(x.path("stdout").asText()));

        Files.createFile(go);
        wait.put("yield_ms", 50_000);
        wait.remove("pattern");
        McpSession.Outcome all = call("wait_sessions", wait);
        assertEquals("exited", all.structured().path("reason").asText(), all.text());
        assertEquals(2, all.structured().path("done").asInt(), all.text());
        all.structured().path("sessions").forEach(x -> seen.get(x.path("exe_id").asText()).append(x.path("stdout").asText()));
        for (Map.Entry<String, String> e : sessions.entrySet()) {
            McpSession.Outcome read = call("read_output", args("exe_id", e.getKey(), "session_id", e.getValue(), "yield_ms", 0));
            assertEquals("exited", read.structured().path("state").asText(), read.text());
            seen.get(e.getKey()).append(read.structured().path("stdout").asText());
        }
        seen.forEach((id, out) -> assertEquals("holder\nreleased\n", out.toString(), id + ": each byte exactly once"));
        fleet.gateway.blackhole("box-14", false);
        fleet.gateway.setOffline("box-15", false);
    }

    @Test
    @Order(3)
    void waitSessionsForAPatternThenAnyThenAllAcrossReleases() throws Exception {
        Path listen = dir.resolve("listen");
        Path stop0 = dir.resolve("stop0");
        Path stop1 = dir.resolve("stop1");
        // box-0 runs on 0.130.0, box-1 on 0.169.0.
        String command = "echo booting; while [ ! -e " + listen + " ]; do sleep 0.05; done; echo listening on 8080;"
                + " while [ ! -e " + dir + "/stop$STOP ]; do sleep 0.05; done; echo bye";
        Map<String, String> sessions = new LinkedHashMap<>();
        Map<String, StringBuilder> seen = new LinkedHashMap<>();
        for (String id : List.of("box-0", "box-1")) {
            // exec_command, so each gets its own STOP: wait_sessions serves sessions of either tool.
            McpSession.Outcome started = call("exec_command", args("exe_id", id, "command", command, "yield_ms", 0,
                    "env", Map.of("STOP", id.substring(4))));
            sessions.put(id, started.structured().path("session_id").asText());
            seen.put(id, new StringBuilder(started.structured().path("stdout").asText()));
        }
        ArrayNode list = McpClientDriver.JSON.createArrayNode();
        sessions.forEach((id, sid) -> list.addObject().put("exe_id", id).put("session_id", sid));
        ObjectNode byPattern = args("pattern", "listening on \\d+", "yield_ms", 300);
        byPattern.set("sessions", list);
        McpSession.Outcome notYet = call("wait_sessions", byPattern);
        assertEquals("yield_ms", notYet.structured().path("reason").asText(), notYet.text());
        collect(notYet, seen);

        Files.createFile(listen);
        byPattern.put("yield_ms", 50_000);
        McpSession.Outcome matched = call("wait_sessions", byPattern);
        assertEquals("matched", matched.structured().path("reason").asText(), matched.text());
        assertTrue(matched.text().contains("(matched)"), matched.text());
        collect(matched, seen);

        Files.createFile(stop1);
        ObjectNode any = args("yield_ms", 50_000);
        any.set("sessions", list);
        McpSession.Outcome first = call("wait_sessions", any);
        assertEquals("exited", first.structured().path("reason").asText(), first.text());
        assertEquals("exited", first.structured().path("sessions").get(1).path("state").asText(), first.text());
        assertEquals("running", first.structured().path("sessions").get(0).path("state").asText(), "box-0 still holds: " + first.text());
        collect(first, seen);

        Files.createFile(stop0);
        ObjectNode all = args("yield_ms", 50_000, "until", "all");
        all.set("sessions", list);
        McpSession.Outcome both = call("wait_sessions", all);
        assertEquals(2, both.structured().path("done").asInt(), both.text());
        collect(both, seen);
        for (Map.Entry<String, String> e : sessions.entrySet()) {
            McpSession.Outcome read = call("read_output", args("exe_id", e.getKey(), "session_id", e.getValue(), "yield_ms", 0));
            seen.get(e.getKey()).append(read.structured().path("stdout").asText());
        }
        seen.forEach((id, out) -> assertEquals("booting\nlistening on 8080\nbye\n", out.toString(), id + ": each byte exactly once"));
    }

    private static void collect(McpSession.Outcome o, Map<String, StringBuilder> seen) {
        assertFalse(o.isError(), o.text());
        o.structured().path("sessions").forEach(x -> seen.get(x.path("exe_id").asText()).append(x.path("stdout").asText()));
    }

    @Test
    @Order(4)
    void cancellingExecManyKillsEveryProcessItStarted() throws Exception {
        Path pids = Files.createDirectories(dir.resolve("pids"));
        List<String> targets = ids(0, 14);
        McpSession.Call c = mcp.start("exec_many", args("exe_ids", targets, "command",
                "echo $$ > " + pids + "/$$; exec sleep 600", "yield_ms", 50_000), CALL_MS, false);
        waitFor(() -> count(pids) == targets.size(), "every process started");
        mcp.cancel(c);
        McpSession.Outcome o = c.outcome().get(CALL_MS + 30_000, TimeUnit.MILLISECONDS);
        assertFalse(o.ok(), "the client gave up on the call: " + o.error());
        List<Long> started = new ArrayList<>();
        try (Stream<Path> files = Files.list(pids)) {
            files.forEach(f -> started.add(Long.parseLong(f.getFileName().toString())));
        }
        waitFor(() -> started.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
                "every process killed");
        waitFor(() -> {
            try {
                JsonNode listed = call("list_sessions", args()).structured().path("sessions");
                for (JsonNode x : listed) {
                    if (targets.contains(x.path("exe_id").asText()) && x.path("state").asText().equals("running")) {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "exemux saw every process end");
    }

    private static long count(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    @Order(5)
    void anExeIdRefusedByTheAllowListIsReportedWhileTheOthersRun() throws Exception {
        Map<String, String> env = new HashMap<>(fleet.exemuxEnv());
        env.put("EXEMUX_ALLOWED_EXE_IDS", "box-1*");
        try (McpSession restricted = McpSession.start(env, dir.resolve("restricted.stderr"))) {
            McpSession.Outcome o = restricted.call("exec_many", args("exe_ids", List.of("box-0", "box-1", "box-10"),
                    "command", "echo ok"), CALL_MS).get(CALL_MS + 30_000, TimeUnit.MILLISECONDS);
            assertTrue(o.ok() && !o.isError(), o.text());
            assertTrue(o.text().startsWith("3 executors: 2 exited 0, 1 refused"), o.text());
            assertTrue(executor(o, "box-0").path("error").asText().contains("EXEMUX_ALLOWED_EXE_IDS"), o.text());
            assertEquals("ok\n", o.structured().path("groups").get(executor(o, "box-1").path("group").asInt()).path("stdout").asText());
        }
    }
}
