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
 * same jar (the baseline) and, when given, a reference launcher (another build, e.g. the previous
 * release's), all interleaved in one run so they see the same machine state. Run through run.sh.
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
        List<List<String>> commands = new ArrayList<>(List.of(List.of(launcher), List.of(launcher), List.of(javaBin, "-jar", jar)));
        List<String> requests = new ArrayList<>(List.of(INITIALIZE, DISCOVER, INITIALIZE));
        List<String> names = new ArrayList<>(List.of("bin/exemux (2025)", "bin/exemux (2026-07-28)", "java -jar (baseline)"));
        if (reference != null) {
            commands.add(List.of(reference));
            requests.add(INITIALIZE);
            names.add("reference (2025)");
        }
        List<List<Double>> times = new ArrayList<>();
        commands.forEach(c -> times.add(new ArrayList<>()));
        for (int k = 0; k < commands.size(); k++) {
            once(commands.get(k), requests.get(k)); // warm the file cache; not counted
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < commands.size(); k++) {
                int which = (i % 2 == 0) ? k : commands.size() - 1 - k; // alternate the order
                times.get(which).add(once(commands.get(which), requests.get(which)));
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
            System.out.printf("%-22s median %6.0f ms   min %6.0f   max %6.0f%n", names.get(k), median(t), t.get(0), t.get(t.size() - 1));
        }
        System.out.printf("ratio bin/exemux / baseline: %.2f   (target: bin/exemux median <= 300 ms: %s)%n",
                exemux / baseline, exemux <= 300 ? "met" : "NOT met");
        if (reference != null) {
            double ref = median(times.get(3));
            System.out.printf("against the reference: 2025 era %+.1f %%, 2026-07-28 era %+.1f %%   (target: within 10 %%: %s)%n",
                    100 * (exemux / ref - 1), 100 * (modern / ref - 1), exemux <= 1.1 * ref && modern <= 1.1 * ref ? "met" : "NOT met");
        }
    }

    /** Milliseconds from process start to the reply to {@code request} (id 1). */
    private static double once(List<String> command, String request) throws Exception {
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
            while ((line = out.readLine()) != null) {
                if (line.contains("\"id\":1") && line.contains("\"error\"")) {
                    throw new IllegalStateException(command + " answered " + request.trim() + " with an error: " + line);
                }
                if (line.contains("\"id\":1") && line.contains("\"result\"")) {
                    double ms = (System.nanoTime() - start) / 1e6;
                    in.close();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                    return ms;
                }
            }
            throw new IllegalStateException(command + " ended without answering " + request.trim() + " (exit " + p.waitFor() + ")");
        } finally {
            p.destroyForcibly();
        }
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
