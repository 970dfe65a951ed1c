import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up benchmark: process start -> first reply on stdout, median of N runs, for bin/exemux in both
 * protocol eras (a 2025 `initialize`, a 2026-07-28 `server/discover`) against plain `java -jar` of the
 * same jar, the Node MCP filesystem server (what a user compares with) and, when given, a reference
 * launcher (another build, e.g. the previous release's), all interleaved in one run so they see the same
 * machine state. After a 2025 `initialize` it also lists the tools and records the server's resident
 * memory (VmRSS) once idle. Run through run.sh.
 */
public class StartupBench {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"startup-bench\",\"version\":\"1\"}}}\n";

    private static final String DISCOVER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":"
            + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"startup-bench\",\"version\":\"1\"}}}}\n";

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        String launcher = args[1];
        String jar = args[2];
        String javaBin = args[3];
        String reference = args.length > 4 && !args[4].isEmpty() ? args[4] : null;
        String fsServer = args.length > 5 && !args[5].isEmpty() ? args[5] : null;
        List<List<String>> commands = new ArrayList<>(List.of(List.of(launcher), List.of(launcher), List.of(javaBin, "-jar", jar)));
        List<String> requests = new ArrayList<>(List.of(INITIALIZE, DISCOVER, INITIALIZE));
        List<String> names = new ArrayList<>(List.of("bin/exemux (2025)", "bin/exemux (2026-07-28)", "java -jar (baseline)"));
        int node = -1;
        if (fsServer != null) {
            node = commands.size();
            commands.add(List.of("node", fsServer, System.getProperty("java.io.tmpdir")));
            requests.add(INITIALIZE);
            names.add("node server-filesystem");
        }
        int ref = -1;
        if (reference != null) {
            ref = commands.size();
            commands.add(List.of(reference));
            requests.add(INITIALIZE);
            names.add("reference (2025)");
        }
        List<List<Double>> times = new ArrayList<>();
        List<List<Double>> rss = new ArrayList<>();
        commands.forEach(c -> {
            times.add(new ArrayList<>());
            rss.add(new ArrayList<>());
        });
        for (int k = 0; k < commands.size(); k++) {
            once(commands.get(k), requests.get(k)); // warm the file cache; not counted
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < commands.size(); k++) {
                int which = (i % 2 == 0) ? k : commands.size() - 1 - k; // alternate the order
                double[] r = once(commands.get(which), requests.get(which));
                times.get(which).add(r[0]);
                rss.get(which).add(r[1]);
            }
        }
        double exemux = median(times.get(0));
        double modern = median(times.get(1));
        double baseline = median(times.get(2));
        String load = Files.exists(Path.of("/proc/loadavg"))
                ? Files.readString(Path.of("/proc/loadavg")).trim() : "unknown";
        System.out.printf("runs per variant: %d, %d cores, load average at the end: %s%n", runs,
                Runtime.getRuntime().availableProcessors(), load);
        for (int k = 0; k < names.size(); k++) {
            List<Double> t = new ArrayList<>(times.get(k));
            Collections.sort(t);
            double idle = median(rss.get(k));
            System.out.printf("%-24s median %6.0f ms   min %6.0f   max %6.0f%s%n", names.get(k), median(t), t.get(0), t.get(t.size() - 1),
                    Double.isNaN(idle) ? "" : String.format("   idle RSS after tools/list %5.1f MiB", idle));
        }
        System.out.printf("ratio bin/exemux / baseline: %.2f   (target: bin/exemux median <= 300 ms: %s)%n",
                exemux / baseline, exemux <= 300 ? "met" : "NOT met");
        if (node >= 0) {
            double n = median(times.get(node));
            System.out.printf("against the Node filesystem server: 2025 era %.2fx, 2026-07-28 era %.2fx   (target <= 0.80x: %s)%n",
                    exemux / n, modern / n, exemux <= 0.8 * n && modern <= 0.8 * n ? "met" : "NOT met");
        }
        double idle = median(rss.get(0));
        System.out.printf("bin/exemux idle RSS after tools/list: %.1f MiB   (target <= 70 MiB: %s)%n", idle, idle <= 70 ? "met" : "NOT met");
        if (ref >= 0) {
            double r = median(times.get(ref));
            System.out.printf("against the reference: 2025 era %+.1f %%, 2026-07-28 era %+.1f %%   (target: within 10 %%: %s)%n",
                    100 * (exemux / r - 1), 100 * (modern / r - 1), exemux <= 1.1 * r && modern <= 1.1 * r ? "met" : "NOT met");
        }
    }

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

    /**
     * Milliseconds from process start to the reply to {@code request} (id 1), and after an
     * {@code initialize} the MiB resident once tools/list was answered (NaN otherwise).
     */
    private static double[] once(List<String> command, String request) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("EXEMUX_") && !k.equals("EXEMUX_JAR"));
        env.put("EXEMUX_LOG_LEVEL", "warn");
        env.put("SHLVL", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(request.getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line;
            double ms = -1;
            while ((line = out.readLine()) != null) {
                if (ms < 0 && line.contains("\"id\":1") && line.contains("\"error\"")) {
                    throw new IllegalStateException(command + " answered " + request.trim() + " with an error: " + line);
                }
                if (ms < 0 && line.contains("\"id\":1") && line.contains("\"result\"")) {
                    ms = (System.nanoTime() - start) / 1e6;
                    if (request != INITIALIZE) {
                        return end(p, in, ms, Double.NaN);
                    }
                    in.write(LIST.getBytes(StandardCharsets.UTF_8));
                    in.flush();
                } else if (ms >= 0 && line.contains("\"id\":2")) {
                    Thread.sleep(500); // idle: whatever start-up left behind has settled
                    return end(p, in, ms, residentMiB(p.pid()));
                }
            }
            throw new IllegalStateException(command + " ended without answering " + request.trim() + " (exit " + p.waitFor() + ")");
        } finally {
            p.destroyForcibly();
        }
    }

    private static double[] end(Process p, OutputStream in, double ms, double mib) throws Exception {
        in.close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new double[] {ms, mib};
    }

    private static double residentMiB(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.removeIf(v -> v.isNaN());
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
