package dev.exemux.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load: many exe_ids (200 by default) routed through {@link TestGateway} onto a few real codex
 * exec-servers, and a fixed number of calls in flight (64) for a fixed time, each a stat_path, a small
 * read_file or a short exec_command on a random exe_id. The same calls, in the same run, go
 * <ul>
 *   <li>through bin/exemux and the MCP TypeScript client ({@code exemux}),</li>
 *   <li>straight to the exec-servers over one raw WebSocket per exe_id ({@code direct}),</li>
 *   <li>raw through the gateway, to show what the in-process test gateway itself costs ({@code direct via gateway}),</li>
 *   <li>through exemux again while one executor is slow ({@code TestGateway.delay}) and one dead
 *       (black-holed), each called without pause by one extra client; only the calls to the others are
 *       measured ({@code exemux, slow+dead present}).</li>
 * </ul>
 * Reports p50/p99 per path and per call, and exemux's memory. Run by {@code bench/load/run.sh}.
 */
final class LoadRun {

    record Settings(int exeIds, List<String> releases, int concurrency, Duration phase, Duration slowDelay, long seed) {}

    enum Op { STAT, READ, EXEC }

    /** Latencies (ms) and errors of one phase, by call kind and release. */
    static final class Phase {
        final String name;
        final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        volatile double seconds;

        Phase(String name) {
            this.name = name;
        }

        void record(String key, double ms) {
            latencies.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(ms);
        }

        void error(String what) {
            errors.incrementAndGet();
            errorKinds.computeIfAbsent(CallLedger.fold(what), k -> new AtomicLong()).incrementAndGet();
        }

        List<Double> all(String prefix) {
            List<Double> out = new ArrayList<>();
            latencies.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    synchronized (v) {
                        out.addAll(v);
                    }
                }
            });
            return out;
        }

        String line(String label, List<Double> v) {
            return String.format("  %-30s %7d calls %7.1f/s  p50 %7.2f ms  p99 %8.2f ms%n", label, v.size(),
                    v.size() / seconds, pct(v, 0.50), pct(v, 0.99));
        }

        String render() {
            StringBuilder b = new StringBuilder(String.format("%s (%.0f s, %d errors%s)%n", name, seconds, errors.get(),
                    errorKinds.isEmpty() ? "" : ": " + errorKinds));
            b.append(line("all calls", all("")));
            new TreeMap<>(latencies).forEach((k, v) -> {
                synchronized (v) {
                    b.append(line(k, new ArrayList<>(v)));
                }
            });
            return b.toString();
        }
    }

    private final Settings settings;
    private final String run = "load" + Long.toHexString(System.nanoTime());
    private final Path root = Path.of("/tmp", "exemux-load-" + run);
    private final String file = root + "/small.txt";
    private Fleet fleet;
    private McpSession mcp;
    private List<String> measured;
    private String slowId;
    private String deadId;

    LoadRun(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int exeIds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        List<String> releases = List.of((args.length > 3 ? args[3] : "0.130.0,0.169.0,0.130.0,0.169.0").split(","));
        Settings s = new Settings(exeIds, releases, concurrency, Duration.ofSeconds(seconds), Duration.ofMillis(500), 1);
        System.out.print(new LoadRun(s).run());
        System.exit(0);
    }

    String run() throws Exception {
        Files.createDirectories(root);
        Files.writeString(Path.of(file), "0123456789abcdef\n".repeat(240)); // 4 KiB, 240 lines
        StringBuilder out = new StringBuilder();
        try (Fleet f = Fleet.start(settings.releases(), settings.exeIds(), "load-exe-")) {
            fleet = f;
            List<String> ids = fleet.exeIds();
            slowId = ids.get(ids.size() - 2);
            deadId = ids.get(ids.size() - 1);
            measured = ids.subList(0, ids.size() - 2);
            mcp = McpSession.start(fleet.exemuxEnv(), root.resolve("exemux-stderr.log"));
            Map<String, RawExecClient> direct = connectAll(id -> fleet.serverOf(id).url(), null);
            Map<String, RawExecClient> viaGateway = connectAll(id -> fleet.gateway.bridgeUrl() + "/" + id, fleet.token);
            try {
                out.append(String.format("load: %d exe_ids over %d codex exec-servers %s, %d calls in flight, %d s per phase,"
                                + " calls: stat_path / read_file (4 KiB, 240 lines) / exec_command [/bin/sh -c 'echo hi'];"
                                + " %d cores, load average %s at the start%n",
                        settings.exeIds(), settings.releases().size(), settings.releases(), settings.concurrency(),
                        settings.phase().toSeconds(), Runtime.getRuntime().availableProcessors(), loadAverage()));
                // Warm-up: every exe_id dialed by exemux, then both paths exercised (JIT, peers' caches).
                runPhase(new Phase("warm-up exemux"), Duration.ofSeconds(15), this::viaExemux, ids);
                runPhase(new Phase("warm-up direct"), Duration.ofSeconds(5), (op, id) -> viaRaw(direct, op, id), measured);
                Phase exemux = runPhase(new Phase("exemux (bin/exemux through the MCP TypeScript client, gateway mode)"),
                        settings.phase(), this::viaExemux, measured);
                out.append(exemux.render());
                long rssAfterLoad = JvmProbe.procStatus(mcp.serverPid(), "VmRSS");
                Phase raw = runPhase(new Phase("direct (raw WebSocket straight to the exec-servers)"),
                        settings.phase(), (op, id) -> viaRaw(direct, op, id), measured);
                out.append(raw.render());
                Phase rawGateway = runPhase(new Phase("direct via gateway (raw WebSocket through TestGateway)"),
                        settings.phase(), (op, id) -> viaRaw(viaGateway, op, id), measured);
                out.append(rawGateway.render());

                fleet.gateway.delay(slowId, settings.slowDelay());
                fleet.gateway.blackhole(deadId, true);
                Phase troubled = new Phase("exemux, slow+dead present (calls to the other " + measured.size() + " exe_ids)");
                Phase slow = new Phase("  the slow executor " + slowId + " (every reply delayed " + settings.slowDelay().toMillis() + " ms), one client");
                Phase dead = new Phase("  the dead executor " + deadId + " (black-holed), one client");
                ExecutorService side = Executors.newFixedThreadPool(2);
                long sideUntil = System.nanoTime() + settings.phase().toNanos() + Duration.ofSeconds(5).toNanos();
                Future<?> s1 = side.submit(() -> hammer(slow, slowId, sideUntil));
                Future<?> s2 = side.submit(() -> hammer(dead, deadId, sideUntil));
                Thread.sleep(5000); // both are being called before the measurement starts
                runPhase(troubled, settings.phase(), this::viaExemux, measured);
                out.append(troubled.render());
                s1.get();
                s2.get();
                side.shutdown();
                out.append(slow.render()).append(dead.render());
                out.append(summary(exemux, raw, troubled));
                JvmProbe.Memory memory = JvmProbe.measure(mcp.serverPid());
                out.append(String.format("exemux memory: RSS %.1f MiB after the first exemux phase; at the end %s%n",
                        rssAfterLoad / 1024.0, memory));
                out.append("load average at the end: ").append(loadAverage()).append('\n');
            } finally {
                direct.values().forEach(RawExecClient::close);
                viaGateway.values().forEach(RawExecClient::close);
                mcp.closeAndWait();
            }
        }
        return out.toString();
    }

    private static String summary(Phase exemux, Phase raw, Phase troubled) {
        StringBuilder b = new StringBuilder("summary (p50 / p99, ms):\n");
        for (String kind : List.of("", "stat", "read", "exec")) {
            List<Double> e = exemux.all(kind);
            List<Double> r = raw.all(kind);
            List<Double> t = troubled.all(kind);
            b.append(String.format("  %-6s exemux %6.2f / %7.2f   direct %6.2f / %7.2f   overhead %+6.2f / %+7.2f"
                            + "   exemux with slow+dead present %6.2f / %7.2f%n",
                    kind.isEmpty() ? "all" : kind, pct(e, .5), pct(e, .99), pct(r, .5), pct(r, .99),
                    pct(e, .5) - pct(r, .5), pct(e, .99) - pct(r, .99), pct(t, .5), pct(t, .99)));
        }
        return b.toString();
    }

    interface Caller {
        /** Makes one call; returns null on success, else what went wrong. */
        String call(Op op, String exeId) throws Exception;
    }

    private Phase runPhase(Phase phase, Duration length, Caller caller, List<String> targets) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
        long start = System.nanoTime();
        long until = start + length.toNanos();
        List<Future<?>> all = new ArrayList<>();
        for (int w = 0; w < settings.concurrency(); w++) {
            Random random = new Random(settings.seed() * 1000 + w);
            all.add(workers.submit(() -> {
                while (System.nanoTime() < until) {
                    Op op = Op.values()[random.nextInt(Op.values().length)];
                    String id = targets.get(random.nextInt(targets.size()));
                    long t = System.nanoTime();
                    String failure;
                    try {
                        failure = caller.call(op, id);
                    } catch (Exception e) {
                        failure = String.valueOf(e.getMessage());
                    }
                    double ms = (System.nanoTime() - t) / 1e6;
                    if (failure == null) {
                        phase.record(op.name().toLowerCase() + " @" + fleet.serverOf(id).version(), ms);
                    } else {
                        phase.error(op + ": " + failure);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        workers.shutdown();
        phase.seconds = (System.nanoTime() - start) / 1e9;
        return phase;
    }

    private String viaExemux(Op op, String exeId) throws Exception {
        ObjectNode args = switch (op) {
            case STAT -> McpClientDriver.args("exe_id", exeId, "path", file);
            case READ -> McpClientDriver.args("exe_id", exeId, "path", file);
            case EXEC -> McpClientDriver.args("exe_id", exeId, "command", List.of("/bin/sh", "-c", "echo hi"));
        };
        String tool = switch (op) {
            case STAT -> "stat_path";
            case READ -> "read_file";
            case EXEC -> "exec_command";
        };
        McpSession.Outcome o = mcp.call(tool, args, 70_000).get();
        if (!o.ok()) {
            return o.timedOut() ? "hung" : "protocol error " + o.error();
        }
        if (o.isError()) {
            return o.text();
        }
        JsonNode s = o.structured();
        boolean right = switch (op) {
            case STAT -> "file".equals(s.path("type").asText()); // no size before codex 0.140
            case READ -> s.path("lines_shown").asInt() == 240;
            case EXEC -> s.path("exit_code").asInt(-1) == 0 && "hi\n".equals(s.path("stdout").asText());
        };
        return right ? null : "wrong result " + s;
    }

    private String viaRaw(Map<String, RawExecClient> clients, Op op, String exeId) throws Exception {
        RawExecClient c = clients.get(exeId);
        return switch (op) {
            case STAT -> errorOf(c.stat(file).get(70, TimeUnit.SECONDS));
            case READ -> errorOf(c.readFile(file).get(70, TimeUnit.SECONDS));
            case EXEC -> {
                RawExecClient.ProcessResult r = c.run(List.of("/bin/sh", "-c", "echo hi"), "/tmp").get(70, TimeUnit.SECONDS);
                yield r.exitCode() == 0 && r.stdout().equals("hi\n") ? null : "wrong result " + r;
            }
        };
    }

    private static String errorOf(JsonNode reply) {
        return reply.has("error") ? reply.path("error").toString() : null;
    }

    /** Calls one exe_id without pause until {@code until}, recording what happens. */
    private void hammer(Phase phase, String exeId, long until) {
        Random random = new Random();
        long start = System.nanoTime();
        while (System.nanoTime() < until) {
            Op op = Op.values()[random.nextInt(Op.values().length)];
            long t = System.nanoTime();
            String failure;
            try {
                failure = viaExemux(op, exeId);
            } catch (Exception e) {
                failure = String.valueOf(e.getMessage());
            }
            double ms = (System.nanoTime() - t) / 1e6;
            if (failure == null) {
                phase.record(op.name().toLowerCase(), ms);
            } else {
                phase.record("failed (isError, time to fail)", ms);
                phase.error(failure);
            }
        }
        phase.seconds = (System.nanoTime() - start) / 1e9;
    }

    interface UrlOf {
        String url(String exeId);
    }

    private Map<String, RawExecClient> connectAll(UrlOf urlOf, String bearer) throws Exception {
        Map<String, RawExecClient> clients = new HashMap<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        ExecutorService dialers = Executors.newFixedThreadPool(16);
        for (String id : measured) {
            pending.add(CompletableFuture.runAsync(() -> {
                try {
                    RawExecClient c = RawExecClient.connect(urlOf.url(id), bearer);
                    synchronized (clients) {
                        clients.put(id, c);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("raw connection for " + id + " failed: " + e, e);
                }
            }, dialers));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        dialers.shutdown();
        return clients;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (Exception e) {
            return "?";
        }
    }

    static double pct(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.floor(p * (s.size() - 1) + 0.5)));
    }
}
