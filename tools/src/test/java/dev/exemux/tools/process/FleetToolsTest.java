package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.local.LocalExecutor;
import dev.exemux.tools.testing.TestContext;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** exec_many and wait_sessions on several embedded executors, plus faulty ones for what a real peer does not do on demand. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetToolsTest {

    private final List<LocalExecutor> locals = new ArrayList<>();
    private TestResolver resolver;
    private ProcessTools processTools;
    private ToolHarness harness;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        resolver = new TestResolver();
        for (String id : List.of("web-1", "web-2", "web-3", "db-1")) {
            LocalExecutor local = new LocalExecutor();
            locals.add(local);
            resolver.add(id, local);
        }
        processTools = ProcessTools.create(resolver);
        harness = ToolHarness.processTools(processTools);
    }

    @AfterEach
    void tearDown() {
        harness.close();
        locals.forEach(LocalExecutor::shutdown);
    }

    /** An executor whose every call fails as an offline one does. */
    private static Executor offline(String id) {
        return fake(id, () -> CompletableFuture.failedFuture(
                new ExecutorOfflineException(id, "exe_id '" + id + "' is offline (the gateway says so); try again later.", null)));
    }

    /** An executor that never answers (a black-holed connection). */
    private static Executor silent(String id) {
        return fake(id, CompletableFuture::new);
    }

    private static Executor fake(String id, java.util.function.Supplier<CompletableFuture<Object>> answer) {
        return (Executor) Proxy.newProxyInstance(Executor.class.getClassLoader(), new Class<?>[] {Executor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> id;
                    case "status" -> new ExecutorStatus(id, ExecutorStatus.State.IDLE, null, null);
                    case "toString" -> id;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> answer.get();
                });
    }

    private Result call(String tool, String json) {
        return harness.call(tool, json);
    }

    private Result call(String tool, TestContext ctx, ObjectNode args) {
        return harness.call(tool, ctx, args);
    }

    private static ObjectNode args(Object... kv) {
        return ToolHarness.JSON.valueToTree(java.util.Map.ofEntries(entries(kv)));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map.Entry<String, Object>[] entries(Object[] kv) {
        java.util.Map.Entry<String, Object>[] out = new java.util.Map.Entry[kv.length / 2];
        for (int i = 0; i < kv.length; i += 2) {
            out[i / 2] = java.util.Map.entry((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static JsonNode executor(Result r, String exeId) {
        for (JsonNode e : r.get("executors")) {
            if (e.get("exe_id").asText().equals(exeId)) {
                return e;
            }
        }
        throw new AssertionError("no " + exeId + " in " + r.structured());
    }

    // ---- exec_many

    @Test
    void identicalOutputIsShownOnceForTheWholeGroup() {
        Result r = call("exec_many", "{'exe_ids':['web-*','db-1'],'command':'echo same-output; echo warn >&2'}");
        assertTrue(r.text().startsWith("4 executors: 4 exited 0 in "), r.text());
        assertEquals(1, r.get("groups").size(), r.text());
        JsonNode group = r.get("groups").get(0);
        assertEquals("[\"web-1\",\"web-2\",\"web-3\",\"db-1\"]", group.get("exe_ids").toString());
        assertEquals("same-output\n", group.get("stdout").asText());
        assertEquals("warn\n", group.get("stderr").asText());
        assertEquals(1, r.text().split("same-output", -1).length - 1, "one copy of the output: " + r.text());
        assertEquals("web-*", r.get("globs").get(0).get("glob").asText());
        assertEquals(3, r.get("globs").get(0).get("exe_ids").size());
        for (JsonNode e : r.get("executors")) {
            assertEquals("exited", e.get("state").asText());
            assertEquals(0, e.get("exit_code").asInt());
            assertTrue(e.get("session_id").isNull());
        }
    }

    @Test
    void failuresComeFirstAndOneExecutorFailingNeverFailsTheOthers() {
        resolver.add("gone-1", offline("gone-1"));
        String lock = dir.resolve("lock").toString();
        // Exactly one executor wins the mkdir and exits 2; the others print something else and exit 0.
        Result r = call("exec_many", "{'exe_ids':['web-1','web-2','gone-1','web-3','db-1','nowhere'],'command':'if mkdir "
                + lock + " 2>/dev/null; then echo winner; exit 2; fi; echo loser'}");
        assertTrue(r.text().startsWith("6 executors: 3 exited 0, 1 exited 2, 1 refused, 1 unreachable in "), r.text());
        List<String> states = new ArrayList<>();
        r.get("groups").forEach(g -> states.add(g.get("state").asText() + (g.get("exit_code").isNull() ? "" : " " + g.get("exit_code"))));
        assertEquals(List.of("refused", "unreachable", "exited 2", "exited 0"), states, r.text());
        assertTrue(executor(r, "gone-1").get("error").asText().contains("offline"), r.text());
        assertTrue(executor(r, "nowhere").get("error").asText().contains("Unknown exe_id 'nowhere'"), r.text());
        assertEquals("winner\n", r.get("groups").get(2).get("stdout").asText());
        assertEquals(3, r.get("groups").get(3).get("exe_ids").size());
        assertTrue(r.text().indexOf("== refused") < r.text().indexOf("== unreachable")
                && r.text().indexOf("== unreachable") < r.text().indexOf("== exited 2")
                && r.text().indexOf("== exited 2") < r.text().indexOf("== exited 0"), r.text());
    }

    @Test
    void anExecutorThatNeverAnswersIsReportedAndTheOthersAnswer() {
        resolver.add("hole-1", silent("hole-1"));
        Result r = call("exec_many", "{'exe_ids':['hole-1','web-1','web-2'],'command':'echo fine','yield_ms':100}");
        assertEquals("no_answer", executor(r, "hole-1").get("state").asText(), r.text());
        assertEquals("exited", executor(r, "web-1").get("state").asText(), r.text());
        assertTrue(r.text().startsWith("3 executors: 2 exited 0, 1 no answer in "), r.text());
        assertEquals(List.of(), processTools.registry().list("hole-1"), "nothing is kept for it");
    }

    @Test
    void processesStillRunningBecomeSessionsThatWaitSessionsAndReadOutputShare() throws Exception {
        Path go = dir.resolve("go");
        String command = "echo started; while [ ! -e " + go + " ]; do sleep 0.02; done; echo finished";
        Result r = call("exec_many", "{'exe_ids':['web-*'],'command':'" + command + "','yield_ms':300}");
        assertTrue(r.text().startsWith("3 executors: 3 running in "), r.text());
        assertTrue(r.text().contains("wait_sessions"), r.text());
        java.util.Map<String, StringBuilder> seen = new java.util.LinkedHashMap<>();
        ArrayNode sessions = ToolHarness.JSON.createArrayNode();
        for (JsonNode e : r.get("executors")) {
            assertEquals("running", e.get("state").asText());
            sessions.addObject().put("exe_id", e.get("exe_id").asText()).put("session_id", e.get("session_id").asText());
            seen.put(e.get("exe_id").asText(), new StringBuilder(r.get("groups").get(e.get("group").asInt()).get("stdout").asText()));
        }

        ObjectNode wait = args("until", "all", "yield_ms", 200);
        wait.set("sessions", sessions);
        Result nothingYet = call("wait_sessions", TestContext.standard(), wait);
        assertEquals("yield_ms", nothingYet.string("reason"), nothingYet.text());
        assertEquals(0, nothingYet.get("done").asInt());
        nothingYet.get("sessions").forEach(s -> seen.get(s.get("exe_id").asText()).append(s.get("stdout").asText()));

        Files.createFile(go);
        wait.put("yield_ms", 30_000);
        Result all = call("wait_sessions", TestContext.standard(), wait);
        assertEquals("exited", all.string("reason"), all.text());
        assertEquals(3, all.get("done").asInt());
        for (JsonNode s : all.get("sessions")) {
            assertEquals("exited", s.get("state").asText());
            assertEquals(0, s.get("exit_code").asInt());
            seen.get(s.get("exe_id").asText()).append(s.get("stdout").asText());
        }
        for (JsonNode s : sessions) {
            Result read = call("read_output", "{'exe_id':'" + s.get("exe_id").asText() + "','session_id':'"
                    + s.get("session_id").asText() + "','yield_ms':0}");
            assertEquals("exited", read.string("state"));
            seen.get(s.get("exe_id").asText()).append(read.string("stdout"));
        }
        seen.forEach((exeId, output) -> assertEquals("started\nfinished\n", output.toString(),
                exeId + ": every byte delivered exactly once over exec_many, wait_sessions and read_output"));
    }

    @Test
    void cancellationTerminatesEveryProcessItStarted() throws Exception {
        TestContext ctx = TestContext.standard();
        CompletableFuture<Result> call = CompletableFuture.supplyAsync(() ->
                call("exec_many", ctx, args("exe_ids", List.of("web-1", "web-2", "web-3", "db-1"), "command", "sleep 30",
                        "yield_ms", 40_000)));
        waitFor(() -> processTools.registry().size() == 4, "four sessions");
        ctx.cancel();
        Result r = call.get(10, TimeUnit.SECONDS);
        assertTrue(r.isError() && r.text().contains("cancelled"), r.text());
        List<ProcessSession> sessions = processTools.registry().list(null);
        waitFor(() -> sessions.stream().allMatch(ProcessSession::ended), "every process ended");
        sessions.forEach(s -> assertEquals(ProcessSession.State.KILLED, s.status().state()));
    }

    @Test
    void progressCountsExecutorsDone() {
        TestContext ctx = TestContext.standard();
        Result r = call("exec_many", ctx, args("exe_ids", List.of("web-1", "web-2", "web-3", "db-1"), "command", "true"));
        assertFalse(r.isError(), r.text());
        List<String> progress = ctx.progressMessages();
        assertFalse(progress.isEmpty());
        assertTrue(progress.get(progress.size() - 1).endsWith("4 of 4 executors done"), progress.toString());
    }

    @Test
    void theWholeAnswerStaysWithinItsBudgetSharedFairly() {
        // Different output on each executor ($$ differs): four groups, each far bigger than its share.
        Result r = call("exec_many", "{'exe_ids':['web-*','db-1'],'max_output_chars':2000,"
                + "'command':'echo $$; head -c 20000 /dev/zero | tr \"\\\\0\" x; echo; echo $$'}");
        assertTrue(r.text().length() <= 2000, r.text().length() + " chars: " + r.text());
        assertEquals(4, r.get("groups").size(), r.text());
        for (JsonNode g : r.get("groups")) {
            int shown = g.get("stdout").asText().length();
            assertTrue(shown > 200 && shown < 600, "a fair share each: " + shown);
            assertTrue(g.get("stdout_omitted_bytes").asLong() > 19_000);
        }
    }

    @Test
    void aFailureGetsTheBiggerShareOfATightBudget() {
        String lock = dir.resolve("lock").toString();
        // One executor fails with a long log; three succeed, each with its own long output.
        Result r = call("exec_many", "{'exe_ids':['web-*','db-1'],'max_output_chars':4000,'command':'if mkdir " + lock
                + " 2>/dev/null; then head -c 20000 /dev/zero | tr \"\\\\0\" f; exit 3; fi; echo $$;"
                + " head -c 20000 /dev/zero | tr \"\\\\0\" x'}");
        assertTrue(r.text().length() <= 4000, r.text().length() + " chars");
        JsonNode groups = r.get("groups");
        assertEquals(4, groups.size(), r.text());
        assertEquals(3, groups.get(0).get("exit_code").asInt(), "the failure comes first: " + r.text());
        int failure = groups.get(0).get("stdout").asText().length();
        for (int i = 1; i < 4; i++) {
            int success = groups.get(i).get("stdout").asText().length();
            assertTrue(success > 100 && failure > 3 * success, "failure " + failure + " vs success " + success);
        }
    }

    @Test
    void badTargetsAreRefusedClearly() {
        Result none = call("exec_many", "{'exe_ids':[],'command':'true'}");
        assertTrue(none.isError() && none.text().contains("at least one"), none.text());
        Result noMatch = call("exec_many", "{'exe_ids':['build-*'],'command':'true'}");
        assertTrue(noMatch.isError() && noMatch.text().contains("'build-*' matches no known executor")
                && noMatch.text().contains("db-1, web-1, web-2, web-3"), noMatch.text());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            many.add("box-" + i);
        }
        Result tooMany = call("exec_many", null, args("exe_ids", many, "command", "true"));
        assertTrue(tooMany.isError() && tooMany.text().contains("at most 256"), tooMany.text());
        Result bad = call("exec_many", "{'exe_ids':['ok','bad id'],'command':'true'}");
        assertTrue(bad.isError() && bad.text().contains("Invalid exe_id"), bad.text());
        assertEquals(0, processTools.registry().size(), "nothing started");
    }

    @Test
    void duplicatesRunOnceAndAreNamed() {
        Result r = call("exec_many", "{'exe_ids':['web-1','web-*','web-1'],'command':'echo hi','concurrency':1}");
        assertTrue(r.text().startsWith("3 executors: 3 exited 0"), r.text());
        assertEquals("[\"web-1\"]", r.get("duplicates").toString());
        assertTrue(r.text().contains("named more than once, run once: web-1"), r.text());
    }

    // ---- wait_sessions

    /** Starts a session and returns its first result (its output so far is delivered there). */
    private Result start(String exeId, String command) {
        return call("exec_command", "{'exe_id':'" + exeId + "','command':'" + command + "','yield_ms':0}");
    }

    @Test
    void waitsForAnyAndForAPatternAcrossExecutors() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Result first = start("web-1", "echo booting; while [ ! -e " + a + " ]; do sleep 0.02; done; echo listening on 8080;"
                + " while [ ! -e " + b + " ]; do sleep 0.02; done");
        String s1 = first.string("session_id");
        String s2 = start("db-1", "while [ ! -e " + b + " ]; do sleep 0.02; done; echo db done").string("session_id");
        String sessions = "[{'exe_id':'web-1','session_id':'" + s1 + "'},{'exe_id':'db-1','session_id':'" + s2 + "'}]";

        Result notYet = call("wait_sessions", "{'sessions':" + sessions + ",'pattern':'listening on \\\\d+','yield_ms':300}");
        assertEquals("yield_ms", notYet.string("reason"), notYet.text());
        assertEquals("booting\n", first.string("stdout") + notYet.get("sessions").get(0).get("stdout").asText(),
                "exec_command and wait_sessions delivered it once: " + notYet.text());

        Files.createFile(a);
        Result matched = call("wait_sessions", "{'sessions':" + sessions + ",'pattern':'listening on \\\\d+','yield_ms':30000}");
        assertEquals("matched", matched.string("reason"), matched.text());
        JsonNode web = matched.get("sessions").get(0);
        assertTrue(web.get("matched").asBoolean());
        assertEquals("listening on 8080\n", web.get("stdout").asText(), "only what is new: " + matched.text());
        assertFalse(matched.get("sessions").get(1).get("matched").asBoolean());

        Files.createFile(b);
        Result any = call("wait_sessions", "{'sessions':" + sessions + ",'yield_ms':30000}");
        assertEquals("exited", any.string("reason"), any.text());
        assertTrue(any.get("done").asInt() >= 1, any.text());
        Result all = call("wait_sessions", "{'sessions':" + sessions + ",'until':'all','yield_ms':30000}");
        assertEquals(2, all.get("done").asInt(), all.text());
        String dbOutput = any.get("sessions").get(1).get("stdout").asText() + all.get("sessions").get(1).get("stdout").asText();
        assertEquals("db done\n", dbOutput, "delivered exactly once over the two calls");
    }

    @Test
    void anUnknownSessionIsReportedAndTheOthersWaitedOn() {
        Path go = dir.resolve("go");
        String s1 = start("web-2", "while [ ! -e " + go + " ]; do sleep 0.02; done; echo here").string("session_id");
        assertTrue(go.toFile().mkdir());
        Result r = call("wait_sessions", "{'sessions':[{'exe_id':'web-2','session_id':'s999'},{'exe_id':'web-2','session_id':'"
                + s1 + "'}],'yield_ms':30000}");
        assertEquals("exited", r.string("reason"), r.text());
        assertEquals(1, r.get("errors").size());
        assertEquals("s999", r.get("errors").get(0).get("session_id").asText());
        assertTrue(r.get("errors").get(0).get("error").asText().contains("No session s999"), r.text());
        assertEquals("here\n", r.get("sessions").get(0).get("stdout").asText());
    }

    @Test
    void withNoKnownSessionItReturnsAtOnceSayingSo() {
        Result r = call("wait_sessions", "{'sessions':[{'exe_id':'db-1','session_id':'s77'}],'yield_ms':50000}");
        assertEquals("none", r.string("reason"), r.text());
        assertEquals(1, r.get("errors").size(), r.text());
        assertTrue(r.text().contains("No session s77 on exe_id 'db-1'"), r.text());
    }

    @Test
    void badWaitArgumentsAreRefused() {
        Result empty = call("wait_sessions", "{'sessions':[]}");
        assertTrue(empty.isError() && empty.text().contains("non-empty"), empty.text());
        Result regex = call("wait_sessions", "{'sessions':[{'exe_id':'web-1','session_id':'s1'}],'pattern':'(unclosed'}");
        assertTrue(regex.isError() && regex.text().contains("not a valid regular expression"), regex.text());
        Result field = call("wait_sessions", "{'sessions':[{'exe_id':'web-1','session':'s1'}]}");
        assertTrue(field.isError() && field.text().contains("Unknown field 'session'"), field.text());
    }
}
