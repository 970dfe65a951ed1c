package dev.exemux.bench.fanout;

import static dev.exemux.bench.CopyBaselines.median;
import static dev.exemux.bench.CopyBaselines.randomFile;

import dev.exemux.testing.CodexRelease;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.relay.CopyProgress;
import dev.exemux.relay.CopyResult;
import dev.exemux.relay.CopyService;
import dev.exemux.relay.DestinationResult;
import dev.exemux.relay.FanOutListener;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.relay.Transport;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * copy_path to many executors ({@code dst_exe_ids}) against the same copies one after another, in one run:
 * 8 destination exe_ids through TestGateway onto two real codex exec-servers (4 each; the source is a
 * ninth exe_id), TestRelay as the relay. Drives {@link CopyService#copyToMany} and {@link CopyService#copy},
 * which is what copy_path runs (in-process, so MCP framing is not in the figure; it is the same for both).
 * Sequential and fan-out runs alternate so the machine's load falls on both alike; every copy is checked.
 * Usage: {@code bench/fanout/run.sh [MiB=64] [runs=3] [auto|stream]}.
 */
public final class FanOutBench {

    private static final String TOKEN = "bench-workspace-token";
    private static final String SECRET = "bench-relay-secret";
    private static final String RELEASE = System.getProperty("bench.release", CodexRelease.NEW);
    private static final int DESTINATIONS = 8;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 64;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Transport transport = Transport.parse(args.length > 2 ? args[2] : "auto");
        Path dir = Files.createTempDirectory("exemux-fanout-bench-");
        try (ExecServer s1 = ExecServer.start(RELEASE);
                ExecServer s2 = ExecServer.start(RELEASE);
                TestGateway gateway = TestGateway.start(TOKEN);
                TestRelay relay = new TestRelay(SECRET, "bench", null);
                RelayClient relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "bench"));
                ExecutorPool pool = new ExecutorPool(BridgeSettings.of(URI.create(gateway.bridgeUrl()), TOKEN, java.util.Map.of()))) {
            gateway.route("src", s1);
            List<String> ids = IntStream.rangeClosed(1, DESTINATIONS).mapToObj(i -> "d" + i).toList();
            for (int i = 0; i < ids.size(); i++) {
                gateway.route(ids.get(i), i % 2 == 0 ? s1 : s2);
            }
            Executor src = pool.resolve("src");
            List<Executor> dsts = ids.stream().map(pool::resolve).toList();
            Path file = randomFile(dir.resolve("source.bin"), mib << 20);
            String target = dir.resolve("copy.bin").toString();
            CopyService service = new CopyService(relayClient);
            System.out.printf(Locale.ROOT, "codex %s x2 via TestGateway + TestRelay, %d MiB to %d exe_ids, transport %s,"
                    + " %d runs, %d cores, load average at start %.2f%n", RELEASE, mib, DESTINATIONS, transport.wireName(), runs,
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            List<Double> sequential = new ArrayList<>();
            List<Double> fanOut = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long t0 = System.nanoTime();
                String how = null;
                for (Executor dst : dsts) {
                    CopyResult r = service.copy(src, file.toString(), dst, target, false, transport, CopyProgress.NONE, TIMEOUT);
                    check(r, Files.size(file));
                    how = r.transport();
                }
                sequential.add(seconds(t0));
                long t1 = System.nanoTime();
                List<DestinationResult> results = service.copyToMany(src, file.toString(), dsts, target, false, transport,
                        FanOutListener.NONE, TIMEOUT, DESTINATIONS);
                fanOut.add(seconds(t1));
                for (DestinationResult r : results) {
                    if (!r.succeeded()) {
                        throw new IllegalStateException(r.exeId() + ": " + r.error());
                    }
                    check(r.result(), Files.size(file));
                }
                System.out.printf(Locale.ROOT, "run %d: %d sequential copies (%s) %.2f s, one copy to %d %.2f s, ratio %.2f%n",
                        run + 1, DESTINATIONS, how, sequential.get(run), DESTINATIONS, fanOut.get(run), fanOut.get(run) / sequential.get(run));
            }
            double seq = median(sequential);
            double fan = median(fanOut);
            System.out.printf(Locale.ROOT, "median: %d sequential %.2f s, copy to %d %.2f s, ratio %.2f (target <= 0.5: %s);"
                    + " load average at end %.2f%n", DESTINATIONS, seq, DESTINATIONS, fan, fan / seq, fan / seq <= 0.5 ? "met" : "NOT met",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(CopyResult r, long size) {
        if (r.bytes() != size || r.sha256() == null) {
            throw new IllegalStateException("copy reported " + r.bytes() + " bytes of " + size);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
