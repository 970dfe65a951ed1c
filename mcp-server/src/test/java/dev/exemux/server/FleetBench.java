package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fleet benchmark: {@code exec_many} of a short command on many exe_ids (64, through TestGateway onto
 * 8 real exec-servers) against one {@code exec_command} on one exe_id, both through bin/exemux and the MCP
 * TypeScript client, interleaved in one run; also 64 sequential exec_commands once, for scale. Target:
 * exec_many's median wall time at most 3x the single call's. Run by {@code bench/fleet/run.sh}.
 */
final class FleetBench {

    private static final long CALL_MS = 58_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int exeIds = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        List<String> releases = List.of((args.length > 2 ? args[2]
                : "0.130.0,0.169.0,0.130.0,0.169.0,0.130.0,0.169.0,0.130.0,0.169.0").split(","));
        System.out.print(run(rounds, exeIds, releases));
        System.exit(0);
    }

    static String run(int rounds, int exeIds, List<String> releases) throws Exception {
        String command = "echo ok";
        StringBuilder out = new StringBuilder();
        Path dir = Files.createTempDirectory("exemux-fleet-bench-");
        try (Fleet fleet = Fleet.start(releases, exeIds, "box-");
             McpSession mcp = McpSession.start(fleet.exemuxEnv(), dir.resolve("exemux.stderr"))) {
            out.append(String.format("fleet: %d exe_ids over %d codex exec-servers %s through TestGateway, bin/exemux + MCP"
                            + " TypeScript client; command [/bin/sh -c '%s']; %d rounds; %d cores, load average %s at the start%n",
                    exeIds, releases.size(), releases, command, rounds, Runtime.getRuntime().availableProcessors(),
                    LoadRun.loadAverage()));
            ObjectNode many = args("exe_ids", fleet.exeIds(), "command", command);
            ObjectNode one = args("exe_id", fleet.exeIds().get(0), "command", command);
            // Warm-up: every exe_id dialed, both tools and their paths compiled.
            for (int i = 0; i < 5; i++) {
                timed(mcp, "exec_many", many, exeIds);
                timed(mcp, "exec_command", one, 1);
            }
            List<Double> manyMs = new ArrayList<>();
            List<Double> oneMs = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                oneMs.add(timed(mcp, "exec_command", one, 1));
                manyMs.add(timed(mcp, "exec_many", many, exeIds));
            }
            double sequential = 0;
            for (String id : fleet.exeIds()) {
                sequential += timed(mcp, "exec_command", args("exe_id", id, "command", command), 1);
            }
            // Where the time goes: CPU per exec_many, by process, over a few more calls.
            long exemux = mcp.serverPid();
            long client = ProcessHandle.of(exemux).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
            List<Long> servers = ProcessHandle.current().children()
                    .filter(h -> h.info().command().map(c -> c.contains("codex")).orElse(false)).map(ProcessHandle::pid).toList();
            long self = ProcessHandle.current().pid();
            long[] before = {cpuMs(List.of(exemux)), cpuMs(List.of(client)), cpuMs(servers), cpuMs(List.of(self))};
            int cpuCalls = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < cpuCalls; i++) {
                timed(mcp, "exec_many", many, exeIds);
            }
            double wallPerCall = (System.nanoTime() - t0) / 1e6 / cpuCalls;
            long[] after = {cpuMs(List.of(exemux)), cpuMs(List.of(client)), cpuMs(servers), cpuMs(List.of(self))};
            double m1 = median(oneMs);
            double mN = median(manyMs);
            out.append(String.format("  exec_command on 1 exe_id          median %7.1f ms  min %7.1f  max %7.1f%n", m1,
                    Collections.min(oneMs), Collections.max(oneMs)));
            out.append(String.format("  exec_many on %d exe_ids           median %7.1f ms  min %7.1f  max %7.1f%n", exeIds, mN,
                    Collections.min(manyMs), Collections.max(manyMs)));
            out.append(String.format("  %d sequential exec_commands        total  %7.1f ms (%.1fx the single call)%n", exeIds,
                    sequential, sequential / m1));
            out.append(String.format("  CPU per exec_many (%d more calls, %.1f ms wall each): exemux %.1f ms, MCP client (node) %.1f ms,"
                            + " %d exec-servers with their processes %.1f ms, this JVM (TestGateway) %.1f ms%n", cpuCalls,
                    wallPerCall, (after[0] - before[0]) / (double) cpuCalls, (after[1] - before[1]) / (double) cpuCalls,
                    servers.size(), (after[2] - before[2]) / (double) cpuCalls, (after[3] - before[3]) / (double) cpuCalls));
            out.append(String.format("ratio exec_many / exec_command (medians): %.2fx   (target <= 3x: %s)%n", mN / m1,
                    mN / m1 <= 3 ? "met" : "NOT met"));
            out.append("load average at the end: ").append(LoadRun.loadAverage()).append('\n');
            mcp.closeAndWait();
        }
        return out.toString();
    }

    /** One call's wall time as the client sees it (ms); fails unless every executor exited 0. */
    private static double timed(McpSession mcp, String tool, ObjectNode arguments, int executors) throws Exception {
        long t0 = System.nanoTime();
        McpSession.Outcome o = mcp.call(tool, arguments, CALL_MS).get(CALL_MS + 30_000, TimeUnit.MILLISECONDS);
        double ms = (System.nanoTime() - t0) / 1e6;
        boolean good = o.ok() && !o.isError() && (executors == 1
                ? o.structured().path("exit_code").asInt(-1) == 0
                : o.text().startsWith(executors + " executors: " + executors + " exited 0"));
        if (!good) {
            throw new IllegalStateException(tool + " did not succeed everywhere: " + (o.ok() ? o.text() : o.error()));
        }
        return ms;
    }

    /** CPU time (user + system, reaped children included) of {@code pids}, in ms, from /proc (10 ms ticks). */
    private static long cpuMs(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime (fields 14-17)
                    ticks += Long.parseLong(f[i]);
                }
            } catch (Exception e) {
                // gone: counts nothing
            }
        }
        return ticks * 10;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
