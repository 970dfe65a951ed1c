package dev.exemux.bench.bridge;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Await;
import dev.exemux.executor.Executor;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fs/getMetadata} round trip through the bridge client ({@link ExecutorPool} ->
 * {@link Executor#stat}) against the same round trip by {@link RawStatClient}, one real codex
 * exec-server, same run. Rounds alternate between the two so drift on a shared machine hits both.
 *
 * <p>Usage: {@code StatRoundTripBench [release=0.169.0] [rounds=20] [perRound=1000] [warmup=5000]}
 */
public final class StatRoundTripBench {

    private static final Duration T = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        String version = args.length > 0 ? args[0] : "0.169.0";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        String path = "/tmp";

        CodexRelease release = CodexRelease.require(version);
        try (ExecServer server = ExecServer.start(release, null);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("bench", URI.create(server.url()))));
             RawStatClient raw = new RawStatClient(server.url(), "file://" + path)) {
            Executor bridge = pool.resolve("bench");
            Await.result(bridge.describe(), T, "bench", "connect");

            for (int i = 0; i < warmup; i++) {
                bridgeStat(bridge, path);
                raw.stat();
            }
            long[] viaBridge = new long[rounds * perRound];
            long[] viaRaw = new long[rounds * perRound];
            for (int r = 0; r < rounds; r++) {
                boolean bridgeFirst = r % 2 == 0;
                int from = r * perRound;
                if (bridgeFirst) {
                    measureBridge(bridge, path, viaBridge, from, perRound);
                    measureRaw(raw, viaRaw, from, perRound);
                } else {
                    measureRaw(raw, viaRaw, from, perRound);
                    measureBridge(bridge, path, viaBridge, from, perRound);
                }
            }
            report(version, rounds, perRound, warmup, viaBridge, viaRaw);
        }
    }

    private static void bridgeStat(Executor bridge, String path) {
        if (!Await.result(bridge.stat(path), T, "bench", "stat").isDirectory()) {
            throw new IllegalStateException(path + " is not a directory");
        }
    }

    private static void measureBridge(Executor bridge, String path, long[] out, int from, int n) {
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            bridgeStat(bridge, path);
            out[from + i] = System.nanoTime() - t;
        }
    }

    private static void measureRaw(RawStatClient raw, long[] out, int from, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            raw.stat();
            out[from + i] = System.nanoTime() - t;
        }
    }

    private static void report(String version, int rounds, int perRound, int warmup, long[] bridge, long[] raw) {
        Arrays.sort(bridge);
        Arrays.sort(raw);
        System.out.printf(Locale.ROOT, "fs/getMetadata round trip, codex %s, %d rounds x %d calls each (after %d warm-up calls), %d cores, Java %s%n",
                version, rounds, perRound, warmup, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "client", "median ms", "p99 ms", "mean ms");
        line("raw OkHttp WebSocket", raw);
        line("bridge client", bridge);
        double overheadMedian = ms(percentile(bridge, 50)) - ms(percentile(raw, 50));
        double overheadP99 = ms(percentile(bridge, 99)) - ms(percentile(raw, 99));
        System.out.printf(Locale.ROOT, "overhead: median %+.3f ms, p99 %+.3f ms (target: median <= 0.200 ms) -> %s%n",
                overheadMedian, overheadP99, overheadMedian <= 0.2 ? "MET" : "MISSED");
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
