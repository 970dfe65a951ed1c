package dev.exemux.bench.served;

import static dev.exemux.bench.CopyBaselines.median;
import static dev.exemux.bench.CopyBaselines.oneChecksumPass;
import static dev.exemux.bench.CopyBaselines.plainCurl;
import static dev.exemux.bench.CopyBaselines.randomFile;

import dev.exemux.testing.CodexRelease;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies measured as users run them: the packaged {@code bin/exemux} (its own JVM flags: C1 only,
 * serial GC, CDS) driven over stdio by the MCP Java SDK's client, between two real codex exec-servers.
 * Each mode starts a fresh exemux, so its first copy is a cold one (what a user's copy usually is), and
 * the later ones are warm. Baselines in the same run: plain curl through the same relay, and one
 * SHA-256 pass of the file (the floor); CPU seconds of exemux and of the two exec-servers.
 * Modes: {@code relay MiB runs}, {@code stream MiB runs} (through TestGateway), {@code stream-direct MiB runs}.
 * Run it with {@code bench/copy/run.sh served}.
 */
public final class ServedCopyBench {

    private static final String TOKEN = "bench-workspace-token";
    private static final String SECRET = "bench-relay-secret";
    private static final String RELEASE = System.getProperty("bench.release", CodexRelease.NEW);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long mib = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path launcher = Path.of(args[3]);
        Path dir = Files.createTempDirectory("exemux-served-copy-");
        try (ExecServer s1 = ExecServer.start(RELEASE);
                ExecServer s2 = ExecServer.start(RELEASE);
                TestGateway gateway = TestGateway.start(TOKEN);
                TestRelay relay = new TestRelay(SECRET, "bench", null);
                RelayClient relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "bench"))) {
            gateway.route("src", s1).route("dst", s2);
            Map<String, String> env = new LinkedHashMap<>();
            // EXEMUX_BENCH_LOG_LEVEL=debug shows where a copy's time goes (each phase's milliseconds, on stderr).
            env.put("EXEMUX_LOG_LEVEL", System.getenv().getOrDefault("EXEMUX_BENCH_LOG_LEVEL", "warn"));
            env.put("EXEMUX_LOCAL", "off");
            env.put("SHLVL", "1");
            if (mode.equals("stream-direct")) {
                env.put("EXEMUX_EXECUTORS", "src=" + s1.url() + ",dst=" + s2.url());
            } else {
                env.put("EXEMUX_GATEWAY_URL", gateway.bridgeUrl());
                env.put("EXEMUX_TOKEN", TOKEN);
                env.put("EXEMUX_RELAY_URL", relay.url());
                env.put("EXEMUX_RELAY_SECRET", SECRET);
                env.put("EXEMUX_WORKSPACE_ID", "bench");
            }
            Path file = randomFile(dir.resolve("source.bin"), mib << 20);
            long size = Files.size(file);
            System.out.printf(Locale.ROOT, "bin/exemux through the MCP Java SDK client, codex %s x2 %s, %d MiB, %d runs, %d cores, load %s%n",
                    RELEASE, mode.equals("stream-direct") ? "connected directly" : "via TestGateway + TestRelay", mib, runs,
                    Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
            ServerParameters server = ServerParameters.builder(launcher.toString()).env(env).build();
            StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
            transport.setStdErrorHandler(line -> System.err.println("exemux: " + line));
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofMinutes(5)).build()) {
                client.initialize();
                ProcessHandle exemux = ProcessHandle.current().descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("exemux.jar")).findFirst().orElseThrow();
                List<ProcessHandle> servers = List.of(ProcessHandle.of(s1.pid()).orElseThrow(), ProcessHandle.of(s2.pid()).orElseThrow());
                String transportName = mode.startsWith("stream") ? "stream" : "relay";
                List<Double> times = new ArrayList<>();
                List<Double> floors = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    Path target = dir.resolve("out-" + i + ".bin");
                    double[] cpu0 = {cpu(exemux), cpu(servers)};
                    long t0 = System.nanoTime();
                    CallToolResult r = client.callTool(new CallToolRequest("copy_path", Map.of(
                            "src_exe_id", "src", "src_path", file.toString(), "dst_exe_id", "dst",
                            "dst_path", target.toString(), "transport", transportName, "yield_ms", 50000)));
                    double s = (System.nanoTime() - t0) / 1e9;
                    double[] cpu1 = {cpu(exemux), cpu(servers)};
                    if (Boolean.TRUE.equals(r.isError()) || Files.size(target) != size
                            || !String.valueOf(r.structuredContent()).contains("state=done")) {
                        throw new IllegalStateException("copy failed: " + r);
                    }
                    Files.delete(target);
                    times.add(s);
                    String extra = "";
                    if (transportName.equals("relay")) {
                        double curl = plainCurl(relayClient, file, dir.resolve("curl-out.bin"));
                        Files.delete(dir.resolve("curl-out.bin"));
                        double pass = oneChecksumPass(file);
                        floors.add(curl + pass);
                        extra = String.format(Locale.ROOT, ", plain curl %.2f s + one SHA-256 pass %.2f s = floor %.2f s, floor/copy %.2fx",
                                curl, pass, curl + pass, (curl + pass) / s);
                    }
                    double mine = cpu1[0] - cpu0[0];
                    double theirs = cpu1[1] - cpu0[1];
                    System.out.printf(Locale.ROOT, "run %d%s: %s %.2f s (%.0f MB/s); CPU s: exemux %.2f, exec-servers %.2f (ratio %.1fx)%s%n",
                            i + 1, i == 0 ? " (cold: first copy of this exemux)" : "", transportName, s, size / 1e6 / s,
                            mine, theirs, mine / theirs, extra);
                }
                double cold = times.get(0);
                List<Double> warm = times.size() > 1 ? times.subList(1, times.size()) : times;
                System.out.printf(Locale.ROOT, "RESULT %s served: cold %.0f MB/s, warm median %.0f MB/s%s%n", mode,
                        size / 1e6 / cold, size / 1e6 / median(warm),
                        floors.isEmpty() ? "" : String.format(Locale.ROOT, "; floor/copy median %.2fx (target >= 0.9x)",
                                median(floors) / median(times)));
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * CPU seconds of a process and of its children that have ended and been waited for
     * ({@code /proc/<pid>/stat} utime + stime + cutime + cstime): an exec-server's curl and openssl count.
     * Children still running are added from their own entries.
     */
    private static double cpu(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / 100.0 + p.children().mapToDouble(ServedCopyBench::cpu).sum();
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile: its time is in its parent's cutime
        }
    }

    private static double cpu(List<ProcessHandle> servers) {
        return servers.stream().mapToDouble(ServedCopyBench::cpu).sum();
    }
}
