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
 * Start-up benchmark: process start -> `initialize` reply on stdout, median of N runs, for bin/exemux
 * against plain `java -jar` of the same jar and against the Node MCP filesystem server (the baselines),
 * interleaved in one run so all see the same machine state. After each reply it lists the tools and
 * records the server's resident memory (VmRSS) once it is idle. Run through run.sh.
 */
public class StartupBench {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"startup-bench\",\"version\":\"1\"}}}\n";

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        String launcher = args[1];
        String jar = args[2];
        String javaBin = args[3];
        List<List<String>> commands = new ArrayList<>(List.of(List.of(launcher), List.of(javaBin, "-jar", jar)));
        List<String> names = new ArrayList<>(List.of("bin/exemux", "java -jar (baseline)"));
        if (args.length > 4) { // the Node filesystem server's entry point
            commands.add(List.of("node", args[4], System.getProperty("java.io.tmpdir")));
            names.add("node server-filesystem");
        }
        List<List<Double>> times = new ArrayList<>();
        List<List<Double>> rss = new ArrayList<>();
        for (int k = 0; k < commands.size(); k++) {
            times.add(new ArrayList<>());
            rss.add(new ArrayList<>());
        }
        for (List<String> command : commands) {
            once(command); // warm the file cache; not counted
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < commands.size(); k++) {
                int which = (i % 2 == 0) ? k : commands.size() - 1 - k; // alternate the order
                double[] r = once(commands.get(which));
                times.get(which).add(r[0]);
                rss.get(which).add(r[1]);
            }
        }
        double exemux = median(times.get(0));
        double baseline = median(times.get(1));
        String load = Files.exists(Path.of("/proc/loadavg"))
                ? Files.readString(Path.of("/proc/loadavg")).trim() : "unknown";
        System.out.printf("runs per variant: %d, %d cores, load average at the end: %s%n", runs,
                Runtime.getRuntime().availableProcessors(), load);
        for (int k = 0; k < names.size(); k++) {
            List<Double> t = new ArrayList<>(times.get(k));
            Collections.sort(t);
            System.out.printf("%-24s median %6.0f ms   min %6.0f   max %6.0f   idle RSS after tools/list median %5.1f MiB%n",
                    names.get(k), median(t), t.get(0), t.get(t.size() - 1), median(rss.get(k)));
        }
        System.out.printf("ratio bin/exemux / java -jar: %.2f%n", exemux / baseline);
        if (commands.size() > 2) {
            double node = median(times.get(2));
            System.out.printf("ratio bin/exemux / node server-filesystem: %.2f   (target <= 0.80: %s)%n",
                    exemux / node, exemux / node <= 0.80 ? "met" : "NOT met");
        }
        double idle = median(rss.get(0));
        System.out.printf("bin/exemux idle RSS after tools/list: %.1f MiB   (target <= 70 MiB: %s)%n",
                idle, idle <= 70 ? "met" : "NOT met");
    }

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

    /** Milliseconds from process start to the initialize reply, and MiB resident once tools/list was answered. */
    private static double[] once(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("EXEMUX_") && !k.equals("EXEMUX_JAR"));
        env.put("EXEMUX_LOG_LEVEL", "warn");
        env.put("SHLVL", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line;
            double ms = -1;
            while ((line = out.readLine()) != null) {
                if (ms < 0 && line.contains("\"id\":1") && line.contains("\"result\"")) {
                    ms = (System.nanoTime() - start) / 1e6;
                    in.write(LIST.getBytes(StandardCharsets.UTF_8));
                    in.flush();
                } else if (ms >= 0 && line.contains("\"id\":2")) {
                    Thread.sleep(500); // idle: whatever start-up left behind has settled
                    double mib = residentMiB(p.pid());
                    in.close();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                    return new double[] {ms, mib};
                }
            }
            throw new IllegalStateException(command + " ended without answering initialize (exit " + p.waitFor() + ")");
        } finally {
            p.destroyForcibly();
        }
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
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
