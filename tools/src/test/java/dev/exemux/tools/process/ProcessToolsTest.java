package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.local.LocalExecutor;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.testing.TestContext;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process tools as a model uses them, against the embedded local executor. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcessToolsTest {

    private final LocalExecutor local = new LocalExecutor();
    private final LocalExecutor other = new LocalExecutor();
    private ToolHarness harness;
    private ProcessTools processTools;

    @BeforeEach
    void setUp() {
        setUp(ProcessTools.Settings.DEFAULTS);
    }

    private void setUp(ProcessTools.Settings settings) {
        if (harness != null) {
            harness.close();
        }
        processTools = ProcessTools.create(new TestResolver().add("local", local).add("other", other), settings);
        harness = ToolHarness.processTools(processTools);
    }

    @AfterEach
    void tearDown() {
        harness.close();
        local.shutdown();
        other.shutdown();
    }

    private Result call(String tool, ToolContext ctx, String argsJson) {
        return harness.call(tool, ctx, argsJson);
    }

    private Result call(String tool, String argsJson) {
        return harness.call(tool, argsJson);
    }

    // ---- exec_command

    @Test
    void reportsExitCodeWithStdoutAndStderrSeparate() {
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"echo out; echo err >&2; exit 3\"}");
        assertEquals("exited", r.string("state"));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.string("stdout"));
        assertEquals("err\n", r.string("stderr"));
        assertTrue(r.text().startsWith("exit code 3 in "), r.text());
        assertTrue(r.text().contains("--- stdout ---\nout\n") && r.text().contains("--- stderr ---\nerr\n"), r.text());
    }

    @Test
    void runsAnArgvArrayWithoutAShell() {
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":[\"printf\",\"%s|\",\"a b\",\"$HOME\"]}");
        assertEquals("a b|$HOME|", r.string("stdout"));
        assertEquals(0, r.exitCode());
    }

    @Test
    void appliesCwdAndAddsEnvironmentVariables() {
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"pwd; echo $GREETING; test -n \\\"$PATH\\\" && echo path\","
                + "\"cwd\":\"/tmp\",\"env\":{\"GREETING\":\"hi there\"}}");
        assertEquals("/tmp\nhi there\npath\n", r.string("stdout"));
    }

    @Test
    void refusesBadArgumentsWithActionableErrors() {
        Result relative = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"ls\",\"cwd\":\"tmp\"}");
        assertTrue(relative.isError() && relative.text().contains("absolute"), relative.text());
        Result yield = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"ls\",\"yield_ms\":60000}");
        assertTrue(yield.isError() && yield.text().contains("between 0 and 50000"), yield.text());
        Result noCommand = call("exec_command", "{\"exe_id\":\"local\"}");
        assertTrue(noCommand.isError() && noCommand.text().contains("'command'"), noCommand.text());
        Result badArgv = call("exec_command", "{\"exe_id\":\"local\",\"command\":[\"ls\",3]}");
        assertTrue(badArgv.isError() && badArgv.text().contains("only strings"), badArgv.text());
        Result misspelt = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 1\",\"timeout\":10}");
        assertTrue(misspelt.isError() && misspelt.text().contains("Unknown argument 'timeout'")
                && misspelt.text().contains("timeout_ms"), misspelt.text());
        Result missingProgram = call("exec_command", "{\"exe_id\":\"local\",\"command\":[\"/no/such/program\"]}");
        assertTrue(missingProgram.isError(), missingProgram.text());
        assertEquals(0, processTools.registry().size(), "a process that never started leaves no session");
    }

    @Test
    void hostileArgumentsAreRefusedWithoutEchoingThem() {
        String huge = "x".repeat(100_000);
        Result longExeId = call("exec_command", "{\"exe_id\":\"" + huge + "\",\"command\":\"true\"}");
        assertTrue(longExeId.isError() && longExeId.text().length() < 300, longExeId.text().length() + " chars");
        Result longSession = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + huge + "\"}");
        assertTrue(longSession.isError() && longSession.text().contains("session ids look like"), "" + longSession.text().length());
        Result nul = call("exec_command", "{\"exe_id\":\"local\",\"command\":[\"echo\",\"a\\u0000b\"]}");
        assertTrue(nul.isError() && nul.text().contains("NUL"), nul.text());
        Result nulEnv = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"true\",\"env\":{\"A\":\"\\u0000\"}}");
        assertTrue(nulEnv.isError() && nulEnv.text().contains("NUL"), nulEnv.text());
        Result wrongType = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"true\",\"tty\":\"yes\"}");
        assertTrue(wrongType.isError() && wrongType.text().contains("'tty'"), wrongType.text());
        assertEquals(0, processTools.registry().size());
    }

    @Test
    void unknownExeIdFailsFastNamingTheKnownOnes() {
        Result r = call("exec_command", "{\"exe_id\":\"nope\",\"command\":\"true\"}");
        assertTrue(r.isError());
        assertTrue(r.text().contains("nope") && r.text().contains("local"), r.text());
    }

    @Test
    void returnsAsSoonAsTheProcessEnds() {
        long t0 = System.nanoTime();
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 0.3\",\"yield_ms\":50000}");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, r.exitCode());
        // Far below yield_ms, so no load can make it fail: it returned at the exit, not at the yield.
        assertTrue(ms < 40_000, "took " + ms + " ms");
    }

    @Test
    void aLongCommandBecomesASessionAndReadOutputFollowsItToTheEnd() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"echo first; sleep 1; echo second; exit 4\","
                + "\"yield_ms\":300}");
        assertEquals("running", first.string("state"));
        assertEquals(null, first.exitCode());
        String session = first.string("session_id");
        assertTrue(first.text().startsWith("still running as session " + session), first.text());
        assertTrue(first.text().contains("read_output"), first.text());
        StringBuilder out = new StringBuilder(first.string("stdout"));
        Result read;
        int reads = 0;
        do {
            read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"yield_ms\":20000}");
            out.append(read.string("stdout"));
            assertTrue(++reads < 10, "read_output must wait instead of returning empty-handed");
        } while (read.exitCode() == null);
        assertEquals("first\nsecond\n", out.toString());
        assertEquals(4, read.exitCode());
        assertEquals("exited", read.string("state"));
        // Read again after the end: still there, nothing new.
        Result again = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
        assertEquals(4, again.exitCode());
        assertEquals("", again.string("stdout"));
    }

    @Test
    void readOutputCollectsUntilYieldMsWithoutATerminal() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"echo ping; sleep 0.3; echo pong; sleep 20\",\"yield_ms\":0}");
        String session = first.string("session_id");
        StringBuilder out = new StringBuilder(first.string("stdout"));
        Result read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"yield_ms\":2000}");
        out.append(read.string("stdout"));
        assertEquals("ping\npong\n", out.toString(), "both lines in one read: it does not return at the first chunk");
        assertEquals("running", read.string("state"));
    }

    @Test
    void readOutputOfATerminalSessionReturnsOnceOutputWentQuiet() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 0.5; echo ping; sleep 20\",\"tty\":true,"
                + "\"yield_ms\":0}");
        String session = first.string("session_id");
        Result read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"yield_ms\":20000}");
        assertEquals("ping\n", read.string("stdout"));
        assertEquals("running", read.string("state"), "it returned before the process ended");
    }

    @Test
    void longOutputKeepsHeadAndTailPerStreamAndSaysHowMuchWasOmitted() {
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"seq 1 100000; seq 1 3 >&2; exit 1\","
                + "\"max_output_chars\":1000}");
        String out = r.string("stdout");
        long total = r.get("stdout_bytes").asLong();
        long omitted = r.get("stdout_omitted_bytes").asLong();
        assertEquals(588_895, total); // bytes printed by seq 1 100000
        assertTrue(out.startsWith("1\n2\n3\n"), out);
        assertTrue(out.endsWith("99999\n100000\n"), "the tail, where failures show, is kept");
        assertTrue(out.contains("[… " + omitted + " bytes omitted …]"), out);
        String shown = out.replace(OutputText.marker(omitted), "");
        assertEquals(total - shown.length(), omitted);
        assertTrue(shown.length() <= 1000 && shown.length() >= 750, "shown " + shown.length());
        assertEquals("1\n2\n3\n", r.string("stderr"));
        assertEquals(0, r.get("stderr_omitted_bytes").asLong());
        assertEquals(1, r.exitCode());
        assertTrue(r.text().contains("bytes omitted"), r.text());
    }

    @Test
    void hundredMegabytesOfOutputCostBoundedMemory() throws Exception {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"head -c 100000000 /dev/zero | tr '\\\\0' x; echo; echo done\","
                + "\"yield_ms\":0}");
        String session = first.string("session_id");
        ProcessSession s = processTools.registry().get("local", session);
        // 30000 characters per stream need at most 4 bytes each: far below what the process writes.
        int bound = 2 * 4 * ProcessTool.DEFAULT_MAX_OUTPUT_CHARS;
        int maxHeld = s.heldBytes();
        long total = first.get("stdout_bytes").asLong();
        Result read = first;
        while (read.exitCode() == null) {
            maxHeld = Math.max(maxHeld, s.heldBytes());
            read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"yield_ms\":200}");
            total += read.get("stdout_bytes").asLong();
            maxHeld = Math.max(maxHeld, s.heldBytes());
            assertTrue(read.string("stdout").length() < 31_000);
        }
        assertEquals(100_000_006L, total);
        assertTrue(maxHeld <= bound, "held " + maxHeld + " bytes");
        assertTrue(s.totalBytes() == total);
    }

    @Test
    void invalidUtf8IsShownSafelyAndCounted() {
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"printf 'ok \\\\377\\\\376 caf\\\\303\\\\251'\"}");
        assertEquals("ok \uFFFD\uFFFD café", r.string("stdout"));
        assertEquals(2, r.get("invalid_utf8_bytes").asInt());
        assertTrue(r.text().contains("2 bytes of stdout were not valid UTF-8"), r.text());
    }

    @Test
    void theTimeoutKillsTheProcessAndSaysSo() {
        long t0 = System.nanoTime();
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"echo started; sleep 30\",\"timeout_ms\":500}");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("timed_out", r.string("state"));
        assertNotNull(r.exitCode());
        assertEquals("started\n", r.string("stdout"));
        assertTrue(r.text().startsWith("killed by the timeout (timeout_ms 500)"), r.text());
        assertTrue(ms < 8000, "returned at the kill, not at the default yield_ms (10 s): " + ms + " ms");
    }

    @Test
    void theTimeoutAlsoAppliesAfterTheCallReturnedASession() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 30\",\"timeout_ms\":800,\"yield_ms\":100}");
        assertEquals("running", first.string("state"));
        Result read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + first.string("session_id") + "\"}");
        assertEquals("timed_out", read.string("state"));
        assertTrue(read.text().contains("killed by the timeout"), read.text());
    }

    @Test
    void stdinReachesTheCommandFollowedByEndOfInput() {
        java.util.Set<String> before = stdinFiles();
        Result wc = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"wc -c\",\"stdin\":\"hello, wörld\"}");
        assertEquals(0, wc.exitCode());
        assertEquals("13", wc.string("stdout").trim());
        Result cat = call("exec_command", "{\"exe_id\":\"local\",\"command\":[\"cat\"],\"stdin\":\"line 1\\nline 2\\n\"}");
        assertEquals("line 1\nline 2\n", cat.string("stdout"));
        assertEquals("exited", cat.string("state"));
        java.util.Set<String> left = stdinFiles();
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "the stdin files of these two commands are removed");
    }

    /** The stdin files in /tmp now (others' may be there: only the ones these calls made count). */
    private static java.util.Set<String> stdinFiles() {
        String[] names = new File("/tmp").list((dir, name) -> name.startsWith(".exemux-stdin-"));
        return new java.util.HashSet<>(java.util.Arrays.asList(names == null ? new String[0] : names));
    }

    @Test
    void aCommandReadingStdinWithoutAnyEndsAtOnceInsteadOfHanging() {
        Result r = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"cat; read x; echo rc=$?\",\"yield_ms\":5000}");
        assertEquals("exited", r.string("state"));
        assertEquals("rc=1\n", r.string("stdout"));
    }

    // ---- interactive sessions

    @Test
    void aTtySessionTakesInputFromWriteStdin() {
        long t0 = System.nanoTime();
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"printf 'name? '; read -r name; echo \\\"hello $name\\\"\","
                + "\"tty\":true,\"yield_ms\":50000}");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("running", first.string("state"));
        assertTrue(first.string("stdout").contains("name? "), first.text());
        assertTrue(ms < 40_000, "returns at the prompt, not after yield_ms: " + ms + " ms");
        assertTrue(first.get("tty").asBoolean());
        assertTrue(first.text().contains("write_stdin"), first.text());
        String session = first.string("session_id");
        Result reply = call("write_stdin", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"input\":\"Ada\\n\"}");
        String all = first.string("stdout") + reply.string("stdout");
        Result end = reply;
        while (end.exitCode() == null) {
            end = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
            all += end.string("stdout");
        }
        assertTrue(all.contains("hello Ada"), all);
        assertFalse(all.contains("\r\n"), "terminal line endings are plain newlines");
        assertEquals(0, end.exitCode());
    }

    @Test
    void ctrlDEndsInputInATtySession() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":[\"cat\"],\"tty\":true,\"yield_ms\":300}");
        String session = first.string("session_id");
        Result echo = call("write_stdin", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"input\":\"abc\\n\"}");
        assertTrue(echo.string("stdout").contains("abc"), echo.string("stdout"));
        Result end = call("write_stdin", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"input\":\"\\u0004\"}");
        while (end.exitCode() == null) {
            end = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
        }
        assertEquals(0, end.exitCode());
    }

    @Test
    void writeStdinOnAPipedSessionExplainsToUseTty() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 5\",\"yield_ms\":0}");
        Result r = call("write_stdin", "{\"exe_id\":\"local\",\"session_id\":\"" + first.string("session_id") + "\",\"input\":\"x\"}");
        assertTrue(r.isError());
        assertTrue(r.text().contains("tty: true") && r.text().contains("`stdin`"), r.text());
    }

    // ---- kill_process

    @Test
    void interruptLetsTheProcessCleanUp() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"trap 'echo trapped; exit 7' INT; echo ready;"
                + " while :; do sleep 0.1; done\",\"yield_ms\":500}");
        String session = first.string("session_id");
        Result kill = call("kill_process", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"signal\":\"interrupt\"}");
        assertEquals(7, kill.exitCode(), kill.text());
        assertEquals("exited", kill.string("state"));
        Result read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
        assertTrue((first.string("stdout") + read.string("stdout")).contains("trapped"));
    }

    @Test
    void terminateKillsAndTheSessionSaysItWasKilled() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 30\",\"yield_ms\":0}");
        String session = first.string("session_id");
        Result kill = call("kill_process", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
        assertEquals("killed", kill.string("state"));
        assertNotNull(kill.exitCode());
        assertTrue(kill.text().startsWith("terminated session " + session), kill.text());
        Result read = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
        assertTrue(read.text().startsWith("killed by kill_process"), read.text());
        Result again = call("kill_process", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\"}");
        assertTrue(again.text().contains("already ended"), again.text());
    }

    // ---- session lookup

    @Test
    void anUnknownSessionIdIsAClearError() {
        Result r = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"s999\"}");
        assertTrue(r.isError());
        assertTrue(r.text().contains("No session s999 on exe_id 'local'") && r.text().contains("list_sessions"), r.text());
    }

    @Test
    void aSessionIdOnTheWrongExeIdSaysWhereItRuns() {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 5\",\"yield_ms\":0}");
        String session = first.string("session_id");
        for (String tool : List.of("read_output", "kill_process")) {
            Result r = call(tool, "{\"exe_id\":\"other\",\"session_id\":\"" + session + "\"}");
            assertTrue(r.isError(), tool);
            assertTrue(r.text().contains("runs on exe_id 'local'"), r.text());
        }
        Result w = call("write_stdin", "{\"exe_id\":\"other\",\"session_id\":\"" + session + "\",\"input\":\"\"}");
        assertTrue(w.isError() && w.text().contains("runs on exe_id 'local'"), w.text());
        // ...and the same id on the right exe_id works.
        assertEquals("running", call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + session + "\",\"yield_ms\":0}")
                .string("state"));
    }

    @Test
    void endedSessionsAreCollectedAfterTheirExitWasRead() {
        setUp(new ProcessTools.Settings(Duration.ZERO, 256));
        Result done = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"true\"}");
        assertEquals(0, done.exitCode());
        Result unread = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 0.2\",\"yield_ms\":0}");
        call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 0.3\"}"); // collects the first on creation
        Result gone = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + done.string("session_id") + "\"}");
        assertTrue(gone.isError() && gone.text().contains("collected"), gone.text());
        // The one whose end nobody saw yet is still readable.
        Result kept = call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + unread.string("session_id") + "\"}");
        assertEquals(0, kept.exitCode());
    }

    @Test
    void tooManyEndedSessionsAreCollectedOldestFirst() {
        setUp(new ProcessTools.Settings(Duration.ofHours(1), 3));
        Result running = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 10\",\"yield_ms\":0}");
        for (int i = 0; i < 5; i++) {
            call("exec_command", "{\"exe_id\":\"local\",\"command\":\"true\"}");
        }
        assertTrue(processTools.registry().size() <= 3, "kept " + processTools.registry().size());
        assertEquals("running", call("read_output", "{\"exe_id\":\"local\",\"session_id\":\"" + running.string("session_id")
                + "\",\"yield_ms\":0}").string("state"), "running sessions are never collected");
    }

    // ---- list_sessions and list_executors

    @Test
    void listSessionsShowsEachSessionWithItsExeIdAndState() {
        Result a = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 5\",\"yield_ms\":0}");
        Result b = call("exec_command", "{\"exe_id\":\"other\",\"command\":[\"echo\",\"hi there\"]}");
        Result all = call("list_sessions", "{}");
        JsonNode sessions = all.get("sessions");
        assertEquals(2, sessions.size());
        assertEquals(a.string("session_id"), sessions.get(0).get("session_id").asText());
        assertEquals("running", sessions.get(0).get("state").asText());
        assertEquals("sleep 5", sessions.get(0).get("command").asText());
        assertEquals("other", sessions.get(1).get("exe_id").asText());
        assertEquals("echo 'hi there'", sessions.get(1).get("command").asText());
        assertEquals(0, sessions.get(1).get("exit_code").asInt());
        JsonNode onOther = call("list_sessions", "{\"exe_id\":\"other\"}").get("sessions");
        assertEquals(1, onOther.size());
        assertEquals(b.string("session_id"), onOther.get(0).get("session_id").asText());
    }

    @Test
    void listExecutorsShowsEveryExeId() {
        Result r = call("list_executors", "{}");
        JsonNode executors = r.get("executors");
        assertEquals(2, executors.size());
        assertEquals("local", executors.get(0).get("exe_id").asText());
        assertEquals("embedded", executors.get(0).get("state").asText());
        assertTrue(r.text().contains("local: embedded"), r.text());
        Result withArgs = call("list_executors", "{\"exe_id\":\"local\"}");
        assertTrue(withArgs.isError() && withArgs.text().contains("Unknown argument 'exe_id'"), withArgs.text());
    }

    // ---- the call's own lifetime

    @Test
    void cancellingTheCallTerminatesTheProcessItStarted() throws Exception {
        TestContext ctx = TestContext.standard();
        CompletableFuture<Result> call = CompletableFuture.supplyAsync(() ->
                call("exec_command", ctx, "{\"exe_id\":\"local\",\"command\":\"sleep 30\",\"yield_ms\":20000}"));
        // The session exists once the call started the process: wait for that, not for a time.
        while (processTools.registry().size() == 0) {
            Thread.sleep(20);
        }
        ctx.cancel();
        Result r = call.get(60, TimeUnit.SECONDS);
        assertTrue(r.isError() && r.text().contains("cancelled"), r.text());
        JsonNode session = call("list_sessions", "{}").get("sessions").get(0);
        for (int i = 0; i < 600 && session.get("state").asText().equals("running"); i++) {
            Thread.sleep(100);
            session = call("list_sessions", "{}").get("sessions").get(0);
        }
        assertEquals("killed", session.get("state").asText());
    }

    @Test
    void neverReturnsAfterTheCallsDeadline() {
        long t0 = System.nanoTime();
        Result r = call("exec_command", new TestContext(Duration.ofMillis(1200)),
                "{\"exe_id\":\"local\",\"command\":\"sleep 60\",\"yield_ms\":50000}");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("running", r.string("state"));
        // The deadline, not yield_ms, ended the wait (a margin for a loaded machine, far below the yield).
        assertTrue(ms < 20_000, "took " + ms + " ms");
    }

    @Test
    void reportsProgressAboutOnceASecondWhileWaiting() {
        TestContext ctx = TestContext.standard();
        long t0 = System.nanoTime();
        call("exec_command", ctx, "{\"exe_id\":\"local\",\"command\":\"sleep 2.5\"}");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        int n = ctx.progressMessages().size();
        // At least one a second while it waited, at most one per second it actually took (a loaded machine is slower).
        assertTrue(n >= 2 && n <= seconds + 1, n + " in " + seconds + " s: " + ctx.progressMessages());
        assertTrue(ctx.progressMessages().get(0).contains("running for"), ctx.progressMessages().toString());
    }

    @Test
    void closeKillsWhatIsStillRunning() throws Exception {
        Result first = call("exec_command", "{\"exe_id\":\"local\",\"command\":\"sleep 30\",\"yield_ms\":0}");
        ProcessSession s = processTools.registry().get("local", first.string("session_id"));
        processTools.close();
        for (int i = 0; i < 600 && !s.ended(); i++) {
            Thread.sleep(100);
        }
        assertTrue(s.ended());
    }
}
