package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The soak with faults: mixed tool calls through bin/exemux and the real MCP client, on several exe_ids
 * routed through {@link TestGateway} to real codex exec-servers, while the gateway keeps dropping
 * connections, one executor restarts elsewhere and one stops answering for a while. One worker per
 * exe_id runs exec_command (short; long with yield then read_output; killed by timeout_ms),
 * write_file / edit_file / read_file with every read checked against what was written, and copy_path
 * to another executor when the server offers it. At the end every file is read back, the executors
 * are searched for processes the run left behind, and exemux's memory is measured.
 *
 * <p>Run by {@code bench/soak/run.sh} (full length) and {@link FaultSoakIT} (shortened, in CI).
 */
final class FaultSoak {

    /** What to run. {@code releases}: one exec-server each; exe_ids are spread over them. */
    record Settings(Duration duration, List<String> releases, int exeIds, long seed, long callTimeoutMs) {

        static Settings full(Duration duration) {
            return new Settings(duration, List.of(CodexRelease.OLD, CodexRelease.NEW, CodexRelease.OLD, CodexRelease.NEW), 8, 42, 70_000);
        }
    }

    /** The figures of one run. */
    record Report(Settings settings, long callsMade, long failedClean, long failedUnclean, long hung, long wrongResults,
                  Map<String, Long> byTool, Map<String, Long> cleanMessages, Map<String, Long> uncleanMessages,
                  Map<String, Long> wrongResultMessages, long acknowledgedWrites, long filesChecked, long lostWrites,
                  long halfDoneWrites, List<String> writeProblems, long temporariesLeft, long processesLeftRunning,
                  List<String> processesLeft, List<String> processesLeftAfterGrace, long stackTraceLinesOnStderr, JvmProbe.Memory memory,
                  int exemuxExitCode, List<String> faults, Map<String, Long> slowestCallMs, List<String> callsToTheDeadOne,
                  long silentAnswers, double seconds) {

        String render() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("soak with faults: %.0f s, %d exe_ids over %d exec-servers %s%n",
                    seconds, settings.exeIds(), settings.releases().size(), settings.releases()));
            b.append("faults: ").append(String.join("; ", faults)).append('\n');
            b.append(String.format("calls made %d, failed cleanly (isError) %d, failed uncleanly %d, hung %d, wrong results %d%n",
                    callsMade, failedClean, failedUnclean, hung, wrongResults));
            b.append("calls by tool: ").append(byTool).append('\n');
            b.append("slowest call per exe_id (ms): ").append(slowestCallMs).append('\n');
            b.append(String.format("calls to the black-holed exe_id that ended while it was dark: %d (%d ok, %d isError, slowest %d ms); the first: %s%n",
                    callsToTheDeadOne.size(), callsToTheDeadOne.stream().filter(c -> c.endsWith(" ok")).count(),
                    callsToTheDeadOne.stream().filter(c -> c.contains(" isError: ")).count(),
                    callsToTheDeadOne.stream().mapToLong(c -> Long.parseLong(c.split(" ")[1])).max().orElse(0),
                    callsToTheDeadOne.subList(0, Math.min(6, callsToTheDeadOne.size()))));
            b.append(String.format("answers saying the executor was silent (state unknown): %d%n", silentAnswers));
            b.append(String.format("writes acknowledged %d, files checked %d, lost %d, half-done %d, temporaries left %d%n",
                    acknowledgedWrites, filesChecked, lostWrites, halfDoneWrites, temporariesLeft));
            b.append(String.format("processes left running %d right after the run, %d after the exec-servers' grace period;"
                            + " stack-trace lines on exemux stderr %d, exemux exit code %d%n",
                    processesLeftRunning, processesLeftAfterGrace.size(), stackTraceLinesOnStderr, exemuxExitCode));
            b.append("exemux memory at the end: ").append(memory).append('\n');
            b.append("distinct clean failure messages (count  tool: message):\n");
            cleanMessages.forEach((m, n) -> b.append(String.format("%6d  %s%n", n, m)));
            if (!uncleanMessages.isEmpty()) {
                b.append("UNCLEAN failures:\n");
                uncleanMessages.forEach((m, n) -> b.append(String.format("%6d  %s%n", n, m)));
            }
            if (!wrongResultMessages.isEmpty()) {
                b.append("WRONG results:\n");
                wrongResultMessages.forEach((m, n) -> b.append(String.format("%6d  %s%n", n, m)));
            }
            writeProblems.forEach(p -> b.append("WRITE PROBLEM: ").append(p).append('\n'));
            processesLeft.forEach(p -> b.append("LEFT RUNNING right after the run: ").append(p).append('\n'));
            processesLeftAfterGrace.forEach(p -> b.append("LEFT RUNNING after the grace period: ").append(p).append('\n'));
            return b.toString();
        }
    }

    private final Settings settings;
    private final String run = "soak" + Long.toHexString(System.nanoTime());
    private final Path root = Path.of("/tmp", "exemux-soak-" + run);
    private final Map<String, AtomicLong> byTool = new ConcurrentHashMap<>();
    private final Map<String, Long> slowest = new ConcurrentHashMap<>();
    private final Map<String, FileModel> files = new ConcurrentHashMap<>();
    private final List<String> writeProblems = new ArrayList<>();
    private final List<String> faultLog = new ArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong halfDone = new AtomicLong();
    private CallLedger ledger;
    private McpSession mcp;
    private List<String> exeIds;
    private volatile boolean copyAvailable;
    private volatile long stopAt;
    /** While the last exe_id is black-holed: the calls made to it, as "tool ms outcome". */
    private volatile boolean deadDark;
    private final java.util.Set<String> restarted = ConcurrentHashMap.newKeySet();
    private final List<String> darkCalls = new ArrayList<>();
    private final AtomicLong silentAnswers = new AtomicLong();

    FaultSoak(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 600);
        Settings s = Settings.full(duration);
        if (args.length > 1) {
            s = new Settings(duration, List.of(args[1].split(",")), s.exeIds(), s.seed(), s.callTimeoutMs());
        }
        Report r = new FaultSoak(s).run();
        System.out.print(r.render());
        System.exit(r.hung() == 0 && r.failedUnclean() == 0 && r.lostWrites() == 0 && r.halfDoneWrites() == 0
                && r.processesLeftAfterGrace().isEmpty() && r.wrongResults() == 0 ? 0 : 1);
    }

    Report run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(root);
        Path stderr = root.resolve("exemux-stderr.log");
        try (Fleet fleet = Fleet.start(settings.releases(), settings.exeIds(), "soak-exe-")) {
            exeIds = fleet.exeIds();
            ledger = new CallLedger(fleet.token, fleet.relaySecret);
            mcp = McpSession.start(fleet.exemuxEnv(), stderr);
            int exitCode;
            JvmProbe.Memory memory;
            long left;
            List<String> leftList;
            List<String> leftAfterGrace;
            try {
                copyAvailable = mcp.tools().contains("copy_path");
                stopAt = System.nanoTime() + settings.duration().toNanos();
                ExecutorService workers = Executors.newFixedThreadPool(exeIds.size());
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < exeIds.size(); i++) {
                    int worker = i;
                    running.add(workers.submit(() -> work(worker)));
                }
                ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
                scheduleFaults(fleet, faults);
                for (Future<?> f : running) {
                    f.get(); // each call has its own deadline, so this ends
                }
                workers.shutdown();
                faults.shutdownNow();
                faults.awaitTermination(60, TimeUnit.SECONDS);
                fleet.exeIds().forEach(id -> fleet.gateway.blackhole(id, false));
                verifyAllFiles();
                leftList = processesLeft(fleet);
                left = leftList.size();
                // A process in a session exemux could not resume is killed by its exec-server after the
                // session's grace period (10-80 s): look again past it.
                long graceUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(85);
                List<String> still = leftList;
                while (!still.isEmpty() && System.nanoTime() < graceUntil) {
                    Thread.sleep(5000);
                    still = processesLeftNow(fleet);
                }
                leftAfterGrace = still;
                memory = JvmProbe.measure(mcp.serverPid());
            } finally {
                exitCode = mcp.closeAndWait();
            }
            List<String> temporaryNames;
            try (Stream<Path> walk = Files.walk(root)) {
                temporaryNames = walk.filter(p -> p.getFileName().toString().contains(".exemux-"))
                        .map(p -> root.relativize(p).toString()).toList();
            }
            long temporaries = temporaryNames.size();
            temporaryNames.forEach(t -> faultLog.add("temporary left behind: " + t));
            long traces = Files.readAllLines(stderr).stream().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by")).count();
            Map<String, Long> tools = new LinkedHashMap<>();
            byTool.forEach((k, v) -> tools.put(k, v.get()));
            long acknowledged = files.values().stream().mapToLong(FileModel::acknowledgedWrites).sum();
            return new Report(settings, ledger.made(), ledger.failedClean(), ledger.failedUnclean(), ledger.hung(),
                    ledger.wrongResults(), tools, ledger.cleanMessages(), ledger.uncleanMessages(),
                    ledger.wrongResultMessages(), acknowledged, files.size(), lost.get(), halfDone.get(),
                    List.copyOf(writeProblems), temporaries, left, leftList, leftAfterGrace, traces, memory, exitCode,
                    List.copyOf(faultLog), new java.util.TreeMap<>(slowest), List.copyOf(darkCalls),
                    silentAnswers.get(),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    // ---- faults -------------------------------------------------------------------------------

    private void scheduleFaults(Fleet fleet, ScheduledExecutorService faults) {
        long total = settings.duration().toMillis();
        Random random = new Random(settings.seed());
        String dead = exeIds.get(exeIds.size() - 1);
        String restartedId = exeIds.get(exeIds.size() / 2 - 2);
        // While black-holed, the dead executor's connection is left alone: only pings and deadlines can
        // tell exemux it stopped answering (a drop would hand it a fresh start).
        AtomicBoolean deadOn = new AtomicBoolean();
        faults.scheduleAtFixedRate(() -> {
            String id = exeIds.get(random.nextInt(exeIds.size()));
            if (!(deadOn.get() && id.equals(dead))) {
                fleet.gateway.drop(id);
            }
        }, 3000, 3000, TimeUnit.MILLISECONDS);
        faults.scheduleAtFixedRate(() -> exeIds.stream().filter(id -> !(deadOn.get() && id.equals(dead)))
                .forEach(fleet.gateway::drop), 10_000, 10_000, TimeUnit.MILLISECONDS);
        faults.schedule(() -> {
            deadOn.set(true);
            fleet.gateway.blackhole(dead, true);
            deadDark = true;
        }, total / 4, TimeUnit.MILLISECONDS);
        faults.schedule(() -> {
            fleet.gateway.blackhole(dead, false);
            deadOn.set(false);
            deadDark = false;
        }, total * 3 / 4, TimeUnit.MILLISECONDS);
        faults.schedule(() -> {
            // Marked before the kill: a process killed with its server reports that at once, before
            // the fresh server is up.
            this.restarted.addAll(fleet.sharing(restartedId));
            List<String> moved = fleet.restart(restartedId);
            synchronized (faultLog) {
                faultLog.add("at " + total / 2000 + " s the exec-server of " + moved + " was killed and restarted on a new port");
            }
        }, total / 2, TimeUnit.MILLISECONDS);
        faultLog.add("drop(one random exe_id) every 3 s and a drop of every exe_id every 10 s");
        faultLog.add(dead + " black-holed from " + total / 4000 + " s to " + total * 3 / 4000 + " s");
    }

    // ---- workload -----------------------------------------------------------------------------

    private void work(int worker) {
        Random random = new Random(settings.seed() * 31 + worker);
        String exe = exeIds.get(worker);
        String other = exeIds.get((worker + 1) % exeIds.size());
        String dir = root + "/w" + worker;
        call("make_directory", McpClientDriver.args("exe_id", exe, "path", dir, "parents", true));
        long n = 0;
        while (System.nanoTime() < stopAt) {
            n++;
            FileModel file = files.computeIfAbsent(dir + "/f" + random.nextInt(3) + ".txt", FileModel::new);
            int op = random.nextInt(100);
            if (op < 20) {
                shortExec(exe, n);
            } else if (op < 32) {
                longExec(exe, n);
            } else if (op < 36) {
                killedByTimeout(exe);
            } else if (op < 58) {
                write(exe, file, content(random, n));
            } else if (op < 70) {
                edit(exe, file, n);
            } else if (op < 85 || !copyAvailable) {
                read(random.nextBoolean() ? exe : other, file);
            } else {
                copy(exe, file, other, files.computeIfAbsent(dir + "/copy.txt", FileModel::new));
            }
        }
    }

    private McpSession.Outcome call(String tool, ObjectNode args) {
        byTool.computeIfAbsent(tool, k -> new AtomicLong()).incrementAndGet();
        McpSession.Outcome o;
        try {
            o = mcp.call(tool, args, settings.callTimeoutMs()).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String exe = args.path(args.has("exe_id") ? "exe_id" : "src_exe_id").asText();
        slowest.merge(exe, o.ms(), Math::max);
        if (deadDark && exe.equals(exeIds.get(exeIds.size() - 1))) {
            synchronized (darkCalls) {
                darkCalls.add(tool + " " + o.ms() + " ms " + (o.timedOut() ? "HUNG" : !o.ok() ? "protocol error"
                        : o.isError() ? "isError: " + CallLedger.fold(o.text()) : "ok"));
            }
        }
        return o;
    }

    /** Calls and records; returns the structured content of a successful result, else null. */
    private JsonNode ok(String tool, ObjectNode args) {
        McpSession.Outcome o = call(tool, args);
        if (ledger.record(tool, o)) {
            return o.structured();
        }
        pauseAfterFailure();
        return null;
    }

    /** An agent reads an error before it tries again: no hot loop on an executor that fails fast. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shortExec(String exe, long n) {
        int code = (int) (n % 4);
        JsonNode r = ok("exec_command", McpClientDriver.args("exe_id", exe, "command",
                "echo " + run + "-" + n + "; exit " + code, "yield_ms", 20_000));
        if (unknown(r)) {
            // The executor went silent before its answer arrived: saying so is right, "running" would be wrong.
            ledger.reportedFailure("exec_command", "state unknown: " + r.path("failure").asText());
            return;
        }
        if (r != null && "lost".equals(r.path("state").asText())) {
            // Its exec-server was restarted under it and forgot the session, or never got its start (swallowed
            // by the black hole): clean when it says so.
            ledger.reportedFailure("exec_command", "state lost: " + r.path("failure").asText());
            return;
        }
        if (r != null && killedWithItsExecServer(exe, r)) {
            ledger.reportedFailure("exec_command", "killed with its exec-server (exit " + r.path("exit_code").asInt() + ")");
            return;
        }
        if (r != null && (r.path("exit_code").asInt(-1) != code || !r.path("stdout").asText().equals(run + "-" + n + "\n"))) {
            ledger.wrongResult("exec_command short: expected exit " + code + " and its echo, got " + r);
        }
    }

    private void longExec(String exe, long n) {
        String marker = run + "-long-" + n;
        JsonNode r = ok("exec_command", McpClientDriver.args("exe_id", exe, "command",
                "sleep 2; echo " + marker, "yield_ms", 300));
        if (r == null) {
            return;
        }
        StringBuilder out = new StringBuilder(r.path("stdout").asText());
        String session = r.path("session_id").asText(null);
        JsonNode last = r;
        // While its executor is silent (black-holed) the state is unknown; follow it until it is back
        // (or the session is given up), as an agent would.
        long readUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (notEnded(last) && session != null && System.nanoTime() < readUntil) {
            last = ok("read_output", McpClientDriver.args("exe_id", exe, "session_id", session, "yield_ms", 5000));
            if (last == null) {
                return; // a clean failure (e.g. the executor restarted and the process went with it)
            }
            out.append(last.path("stdout").asText());
        }
        if (unknown(last)) {
            ledger.reportedFailure(last == r ? "exec_command" : "read_output", "state unknown: " + last.path("failure").asText());
        } else if (killedWithItsExecServer(exe, last)) {
            ledger.reportedFailure("read_output", "killed with its exec-server (exit " + last.path("exit_code").asInt() + ")");
        } else if ("lost".equals(last.path("state").asText())) {
            // Clean when it says why: the executor restarted, or stayed unreachable past its grace period.
            ledger.reportedFailure(last == r ? "exec_command" : "read_output", "state lost: " + last.path("failure").asText());
        } else if (last.path("exit_code").asInt(-1) != 0 || !out.toString().equals(marker + "\n")) {
            ledger.wrongResult("exec_command long + read_output: expected exit 0 and its echo, got " + last + " with stdout " + out);
        }
    }

    private void killedByTimeout(String exe) {
        JsonNode r = ok("exec_command", McpClientDriver.args("exe_id", exe, "command",
                "sleep 120; echo " + run + "-not-killed", "timeout_ms", 1000, "yield_ms", 4000));
        // The kill may wait for a reconnection (a drop, a restart): follow the session to its end.
        String session = r == null ? null : r.path("session_id").asText(null);
        long readUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (r != null && notEnded(r) && session != null && System.nanoTime() < readUntil) {
            r = ok("read_output", McpClientDriver.args("exe_id", exe, "session_id", session, "yield_ms", 5000));
        }
        if (unknown(r)) {
            ledger.reportedFailure("exec_command", "state unknown: " + r.path("failure").asText());
        } else if (r != null && "lost".equals(r.path("state").asText())) {
            ledger.reportedFailure("exec_command", "state lost: " + r.path("failure").asText());
        } else if (r != null && killedWithItsExecServer(exe, r)) {
            // Its exec-server was killed before the 1 s timeout fired, and took the process with it.
            ledger.reportedFailure("exec_command", "killed with its exec-server (exit " + r.path("exit_code").asInt() + ")");
        } else if (r != null && !"timed_out".equals(r.path("state").asText())) {
            ledger.wrongResult("exec_command with timeout_ms 1000: expected state timed_out, got " + r.path("state")
                    + (restarted.contains(exe) ? " (on a restarted executor)" : ""));
        }
    }

    /** Running, or unknown because its executor is silent: worth another read_output. */
    private boolean notEnded(JsonNode result) {
        String state = result.path("state").asText();
        return state.equals("running") || unknown(result);
    }

    /**
     * The executor went silent: an honest answer when it says for how long and what to do. A result
     * that says "unknown" without that is wrong.
     */
    private boolean unknown(JsonNode result) {
        if (result == null || !"unknown".equals(result.path("state").asText())) {
            return false;
        }
        silentAnswers.incrementAndGet();
        if (!result.path("exit_code").isNull() || !result.path("failure").asText().contains("has not answered for")) {
            ledger.wrongResult("state unknown without its explanation: " + result);
        }
        return true;
    }

    /**
     * True when the process ended by a kill with no output on an executor whose exec-server this soak
     * restarted: the executor reported that kill honestly, so it is a clean failure, not a wrong result.
     */
    private boolean killedWithItsExecServer(String exe, JsonNode result) {
        int exit = result.path("exit_code").asInt();
        return restarted.contains(exe) && "exited".equals(result.path("state").asText())
                && result.path("stdout").asText().isEmpty() && (exit < 0 || exit > 128); // -1 or 128 + signal
    }

    private void write(String exe, FileModel file, String content) {
        settle("write_file", file, content, ok("write_file", McpClientDriver.args("exe_id", exe, "path", file.path, "content", content)));
    }

    /** Records a write's outcome ({@code r} null: it failed); an acknowledged one must report the content's sha256. */
    private void settle(String tool, FileModel file, String content, JsonNode r) {
        if (r == null) {
            file.failed(content);
            return;
        }
        if (!sha256(content).equals(r.path("sha256").asText())) {
            ledger.wrongResult(tool + " reported a sha256 that is not its content's");
        }
        file.acknowledged(content);
    }

    private void edit(String exe, FileModel file, long n) {
        if (!file.certain() || file.current() == null) {
            read(exe, file);
            if (!file.certain() || file.current() == null) {
                return;
            }
        }
        String before = file.current();
        String header = before.substring(0, before.indexOf('\n'));
        String replacement = "version " + run + "-edit-" + n;
        String after = replacement + before.substring(header.length());
        settle("edit_file", file, after, ok("edit_file", McpClientDriver.args("exe_id", exe, "path", file.path,
                "old_string", header + "\n", "new_string", replacement + "\n")));
    }

    /** Reads the file (base64, exact bytes) and checks it holds one complete version. */
    private void read(String exe, FileModel file) {
        if (file.certain() && file.current() == null) {
            return; // never written: nothing to check
        }
        McpSession.Outcome o = call("read_file", McpClientDriver.args("exe_id", exe, "path", file.path, "encoding", "base64",
                "limit", 4 << 20));
        String content;
        if (ledger.record("read_file", o)) {
            content = new String(Base64.getDecoder().decode(o.structured().path("content").asText()), StandardCharsets.UTF_8);
        } else if (saysMissing(o)) {
            content = null;
        } else {
            pauseAfterFailure();
            return;
        }
        check(file, content, "read_file on " + exe);
    }

    private static boolean saysMissing(McpSession.Outcome o) {
        return o.isError() && o.text().toLowerCase().matches("(?s).*(no such file|not found|does not exist).*");
    }

    private void copy(String srcExe, FileModel src, String dstExe, FileModel dst) {
        if (!src.certain() || src.current() == null) {
            return;
        }
        String content = src.current();
        ObjectNode args = McpClientDriver.args("src_exe_id", srcExe, "src_path", src.path, "dst_exe_id", dstExe, "dst_path", dst.path);
        if (content.length() % 3 == 0) {
            args.put("transport", "stream");
        }
        JsonNode r = ok("copy_path", args);
        // A copy stuck behind a fault outlives its call: copy_status follows it to its end.
        long followUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (r != null && "running".equals(r.path("state").asText()) && System.nanoTime() < followUntil) {
            r = ok("copy_status", McpClientDriver.args("copy_id", r.path("copy_id").asText(), "yield_ms", 20_000));
        }
        if (r != null && !"done".equals(r.path("state").asText())) {
            ledger.wrongResult("copy_path: expected state done after following it, got " + r);
            dst.failed(content);
            return;
        }
        if (r != null) {
            byTool.computeIfAbsent("copy_path via " + r.path("transport").asText(), k -> new AtomicLong()).incrementAndGet();
        }
        settle("copy_path", dst, content, r);
    }

    private void check(FileModel file, String content, String how) {
        FileModel.Verdict v = file.observed(content);
        if (v == FileModel.Verdict.OK) {
            return;
        }
        (v == FileModel.Verdict.LOST ? lost : halfDone).incrementAndGet();
        synchronized (writeProblems) {
            writeProblems.add(v + ": " + file.path + " (" + how + ") holds "
                    + (content == null ? "nothing" : content.length() + " chars starting '" + firstLine(content) + "'"));
        }
    }

    // ---- the end ------------------------------------------------------------------------------

    /** Reads every file back through exemux (retrying a few times) and straight from the disk. */
    private void verifyAllFiles() throws Exception {
        for (FileModel file : files.values()) {
            String exe = exeIds.get(Integer.parseInt(file.path.replaceAll(".*/w(\\d+)/.*", "$1")));
            McpSession.Outcome o = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                o = call("read_file", McpClientDriver.args("exe_id", exe, "path", file.path, "encoding", "base64", "limit", 4 << 20));
                if (o.ok() && !o.isError() || saysMissing(o)) {
                    break;
                }
                Thread.sleep(2000);
            }
            ledger.record("read_file", o);
            Path onDisk = Path.of(file.path);
            String disk = Files.exists(onDisk) ? Files.readString(onDisk) : null;
            if (o.ok() && !o.isError()) {
                String viaExemux = new String(Base64.getDecoder().decode(o.structured().path("content").asText()), StandardCharsets.UTF_8);
                if (!viaExemux.equals(disk)) {
                    ledger.wrongResult("final read_file differs from the disk for " + file.path);
                }
            }
            check(file, disk, "final check on disk");
        }
    }

    /** Processes of this run still alive on the executors, seen through a fresh direct connection ({@code ps}). */
    private List<String> processesLeft(Fleet fleet) throws Exception {
        // The workers have read every session to its end or given it up: what runs now was left behind
        // (the grace loop in run() then waits for the exec-servers to reap what exemux could not reach).
        return processesLeftNow(fleet);
    }

    private List<String> processesLeftNow(Fleet fleet) throws Exception {
        List<String> left = new ArrayList<>();
        try (RawExecClient direct = RawExecClient.connect(fleet.servers().get(0).url(), null)) {
            // A process of our own proves the search would see one left behind; ps is retried until it
            // shows it (it may take a while to start on a loaded machine).
            direct.run(List.of("sh", "-c", "sleep 60; echo " + run + "-probe"), "/");
            RawExecClient.ProcessResult ps = direct.run(List.of("ps", "-eo", "pid,ppid,args"), "/").get(60, TimeUnit.SECONDS);
            for (int attempt = 0; attempt < 300 && !ps.stdout().contains(run + "-probe"); attempt++) {
                Thread.sleep(100);
                ps = direct.run(List.of("ps", "-eo", "pid,ppid,args"), "/").get(60, TimeUnit.SECONDS);
            }
            Map<String, String> argsOf = new java.util.HashMap<>();
            for (String line : ps.stdout().split("\n")) {
                String[] f = line.trim().split("\\s+", 3);
                if (f.length == 3) {
                    argsOf.put(f[0], f[2]);
                }
            }
            boolean probeSeen = false;
            for (String line : ps.stdout().split("\n")) {
                if (line.contains(run + "-probe")) {
                    probeSeen = true;
                } else if (line.contains(run + "-")) {
                    String[] f = line.trim().split("\\s+", 3);
                    left.add(line.trim() + "   (parent: " + argsOf.getOrDefault(f[1], "?") + ")");
                }
            }
            if (!probeSeen) {
                throw new IllegalStateException("ps on the executor did not show a process started for the check: " + ps);
            }
        }
        return left;
    }

    // ---- content ------------------------------------------------------------------------------

    /** A text of 1 to 48 KiB whose first line names its version: a cut or mixed file never matches one. */
    private String content(Random random, long n) {
        StringBuilder b = new StringBuilder("version " + run + "-" + n + "-" + random.nextInt(1_000_000) + "\n");
        int size = 1024 + random.nextInt(48 * 1024);
        while (b.length() < size) {
            b.append(Long.toString(random.nextLong(), 36)).append(' ').append(b.length()).append('\n');
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s.substring(0, Math.min(60, s.length())) : s.substring(0, Math.min(nl, 80));
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
