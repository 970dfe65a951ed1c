package dev.exemux.bench.bridge;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Await;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One round trip through the bridge client ({@link ExecutorPool} -> {@link Executor}) against the same
 * round trip by {@link RawClient}, one real codex exec-server, same run. Rounds alternate between the
 * two so drift on a shared machine hits both. Modes: {@code stat} ({@code fs/getMetadata}) and
 * {@code process} (run {@code true} to its end).
 *
 * <p>Usage: {@code RoundTripBench [stat|process] [release=0.169.0] [rounds=20] [perRound=1000] [warmup=5000]}
 */
public final class RoundTripBench {

    private static final Duration T = Duration.ofSeconds(30);

    /** One timed call, by either client. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "stat";
        String version = args.length > 1 ? args[1] : CodexRelease.NEW;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
        String path = "/tmp";

        CodexRelease release = CodexRelease.require(version);
        try (ExecServer server = ExecServer.start(release, null);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("bench", URI.create(server.url()))));
             RawClient raw = new RawClient(server.url(), pathAsSent(release, path))) {
            Executor bridge = pool.resolve("bench");
            Await.result(bridge.describe(), T, "bench", "connect");
            Call viaBridgeCall;
            Call viaRawCall;
            String what;
            switch (mode) {
                case "stat" -> {
                    what = "fs/getMetadata round trip";
                    viaBridgeCall = () -> bridgeStat(bridge, path);
                    viaRawCall = raw::stat;
                }
                case "process" -> {
                    what = "short process (true) round trip";
                    viaBridgeCall = () -> bridgeTrue(bridge);
                    viaRawCall = () -> raw.runTrue(pathAsSent(release, path));
                }
                default -> throw new IllegalArgumentException("mode must be stat or process, not " + mode);
            }
            for (int i = 0; i < warmup; i++) {
                viaBridgeCall.run();
                viaRawCall.run();
            }
            long[] viaBridge = new long[rounds * perRound];
            long[] viaRaw = new long[rounds * perRound];
            for (int r = 0; r < rounds; r++) {
                boolean bridgeFirst = r % 2 == 0;
                int from = r * perRound;
                if (bridgeFirst) {
                    measure(viaBridgeCall, viaBridge, from, perRound);
                    measure(viaRawCall, viaRaw, from, perRound);
                } else {
                    measure(viaRawCall, viaRaw, from, perRound);
                    measure(viaBridgeCall, viaBridge, from, perRound);
                }
            }
            report(what, version, rounds, perRound, warmup, viaBridge, viaRaw);
        }
    }

    /** file:// URIs from 0.143 on, plain paths before (docs/exec-server.md). */
    private static String pathAsSent(CodexRelease release, String path) {
        return release.atLeast("0.143.0") ? "file://" + path : path;
    }

    private static void bridgeStat(Executor bridge, String path) {
        if (!Await.result(bridge.stat(path), T, "bench", "stat").isDirectory()) {
            throw new IllegalStateException(path + " is not a directory");
        }
    }

    private static void bridgeTrue(Executor bridge) {
        Await.result(ProcessRunner.run(bridge, List.of("true")), T, "bench", "true").requireSuccess("bench", "true");
    }

    private static void measure(Call call, long[] out, int from, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            out[from + i] = System.nanoTime() - t;
        }
    }

    private static void report(String what, String version, int rounds, int perRound, int warmup, long[] bridge, long[] raw) {
        Arrays.sort(bridge);
        Arrays.sort(raw);
        System.out.printf(Locale.ROOT, "%s, codex %s, %d rounds x %d calls each (after %d warm-up calls), %d cores, Java %s%n",
                what, version, rounds, perRound, warmup, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "client", "median ms", "p99 ms", "mean ms");
        line("raw OkHttp WebSocket", raw);
        line("bridge client", bridge);
        double overheadMedian = ms(percentile(bridge, 50)) - ms(percentile(raw, 50));
        double overheadP99 = ms(percentile(bridge, 99)) - ms(percentile(raw, 99));
        System.out.printf(Locale.ROOT, "overhead: median %+.3f ms, p99 %+.3f ms; median ratio bridge/raw %.2f%s%n",
                overheadMedian, overheadP99, ms(percentile(bridge, 50)) / ms(percentile(raw, 50)),
                what.startsWith("fs/") ? " (target: median overhead <= 0.200 ms) -> " + (overheadMedian <= 0.2 ? "MET" : "MISSED") : "");
    }

    private static void line(String name, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-22s %10.3f %10.3f %10.3f%n", name,
                ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms((long) Arrays.stream(sorted).average().orElse(0)));
    }

    /** Nearest-rank percentile of a sorted array. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
