import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * search_files against `rg -n WORD DIR` through exec_command, both as tools/call through bin/exemux
 * (raw MCP JSON-RPC over stdio, direct mode) on one codex exec-server, in one run: a generated source
 * tree of 20,000 files (200 directories of 100 files, 30 lines each) with one word on 4 lines of 100
 * files and another on 1 line of 400 files.
 * Calls alternate, after a warm-up; reported: median times, their ratio, and the bytes of each tool
 * result (the text content a client hands to the model, and the whole result with structured content).
 * Run through run.sh.
 */
public class SearchBench {

    /** On 4 lines of each of 100 files: how an identifier usually shows up. */
    static final String WORD = "frobnicate";
    /** On 1 line of each of 400 files: the worst case for naming each file once. */
    static final String SPREAD = "quuxify";

    public static void main(String[] args) throws Exception {
        Path codex = Path.of(args[0]);
        String launcher = args[1];
        int runs = Integer.parseInt(args[2]);
        Path tree = Files.createTempDirectory("searchbench-");
        makeTree(tree);
        Process peer = new ProcessBuilder(codex.toString(), "exec-server", "--listen", "ws://127.0.0.1:0")
                .directory(tree.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String url = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8)).readLine().trim();
        Process exemux = null;
        try {
            exemux = startExemux(launcher, url);
            Mcp mcp = new Mcp(exemux);
            System.out.printf("codex exec-server %s; %d files; %d runs each, alternating; %d cores, load average %s at the start%n",
                    args[3], 20_000, runs, Runtime.getRuntime().availableProcessors(), loadAverage());
            boolean met = compare(mcp, tree, WORD, "on 4 lines in each of 100 files", runs);
            compare(mcp, tree, SPREAD, "on 1 line in each of 400 files", runs);
            System.out.printf("load average %s at the end; targets (first word): %s%n", loadAverage(), met ? "met" : "NOT met");
        } finally {
            if (exemux != null) {
                exemux.getOutputStream().close();
                exemux.waitFor(10, TimeUnit.SECONDS);
                exemux.destroyForcibly();
            }
            peer.descendants().forEach(ProcessHandle::destroyForcibly);
            peer.destroyForcibly();
            try (Stream<Path> all = Files.walk(tree)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Both tools for {@code word}, alternating after a warm-up; prints the figures; true when both targets are met. */
    static boolean compare(Mcp mcp, Path tree, String word, String where, int runs) throws Exception {
        String search = "{\"name\":\"search_files\",\"arguments\":{\"exe_id\":\"box\",\"path\":\"" + tree
                + "\",\"pattern\":\"" + word + "\",\"max_results\":2000}}";
        String exec = "{\"name\":\"exec_command\",\"arguments\":{\"exe_id\":\"box\",\"command\":\"rg -n " + word + " " + tree
                + "\",\"max_output_chars\":200000}}";
        for (int i = 0; i < 3; i++) { // warm-up: exemux's JIT, the page cache
            mcp.call("tools/call", search);
            mcp.call("tools/call", exec);
        }
        List<Double> searchMs = new ArrayList<>();
        List<Double> execMs = new ArrayList<>();
        String searchReply = null;
        String execReply = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            searchReply = mcp.call("tools/call", search);
            searchMs.add((System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            execReply = mcp.call("tools/call", exec);
            execMs.add((System.nanoTime() - t) / 1e6);
        }
        String searchText = contentText(searchReply);
        String execText = contentText(execReply);
        int searchFound = count(searchText, word + "(");
        int execFound = count(execText, word + "(");
        if (searchFound != 400 || execFound != 400) {
            throw new IllegalStateException("expected 400 matches of " + word + ", search_files showed " + searchFound
                    + ", rg " + execFound + ":\n" + searchText.substring(0, Math.min(2000, searchText.length())));
        }
        double s = median(searchMs);
        double e = median(execMs);
        int st = searchText.getBytes(StandardCharsets.UTF_8).length;
        int et = execText.getBytes(StandardCharsets.UTF_8).length;
        int sr = resultBytes(searchReply);
        int er = resultBytes(execReply);
        System.out.printf("'%s' %s (400 matches):%n", word, where);
        System.out.printf("  search_files (%s)            median %7.1f ms  text %7d bytes  whole result %7d bytes%n",
                engine(searchReply), s, st, sr);
        System.out.printf("  exec_command `rg -n WORD DIR`  median %7.1f ms  text %7d bytes  whole result %7d bytes%n", e, et, er);
        System.out.printf("  time %.2fx (target <= 1.2x), text bytes %.2fx (target <= 0.5x), whole result %.2fx%n",
                s / e, (double) st / et, (double) sr / er);
        return s / e <= 1.2 && (double) st / et <= 0.5;
    }

    /** 200 packages of 100 Java-like files, 30 lines each, holding both words 400 times. */
    static int makeTree(Path root) throws IOException {
        int matches = 0;
        for (int d = 0; d < 200; d++) {
            Path dir = Files.createDirectories(root.resolve("src/module" + d / 20 + "/pkg" + d));
            for (int f = 0; f < 100; f++) {
                int n = d * 100 + f;
                boolean clustered = n % 200 == 7;
                boolean spread = n % 50 == 3;
                StringBuilder s = new StringBuilder("package pkg" + d + ";\n\nclass Type" + f + " {\n");
                for (int l = 0; l < 27; l++) {
                    if ((clustered && l % 6 == 1 && l < 24) || (spread && l == 10)) {
                        s.append("        result = ").append(clustered ? WORD : SPREAD).append("(value").append(l).append(", limit);\n");
                        matches++;
                    } else {
                        s.append("        int value").append(l).append(" = compute(").append(l).append(", other").append(f).append(");\n");
                    }
                }
                Files.writeString(dir.resolve("Type" + f + ".java"), s.append("}\n"));
            }
        }
        return matches;
    }

    private static Process startExemux(String launcher, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("EXEMUX_") && !k.equals("EXEMUX_JAR"));
        pb.environment().put("EXEMUX_EXECUTORS", "box=" + url);
        pb.environment().put("EXEMUX_LOG_LEVEL", "warn");
        pb.environment().put("SHLVL", "1");
        return pb.start();
    }

    /** The first text content of a tools/call reply, unescaped. */
    static String contentText(String reply) {
        if (!reply.contains("\"isError\":false")) {
            throw new IllegalStateException("the call failed: " + reply.substring(0, Math.min(1000, reply.length())));
        }
        int at = reply.indexOf("\"text\":\"", reply.indexOf("\"content\":[")) + 8;
        StringBuilder out = new StringBuilder();
        for (int i = at; i < reply.length(); i++) {
            char c = reply.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                char n = reply.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(reply.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Bytes of the CallToolResult (the JSON-RPC reply's result). */
    static int resultBytes(String reply) {
        return reply.getBytes(StandardCharsets.UTF_8).length - reply.indexOf("\"result\":");
    }

    static String engine(String reply) {
        Matcher m = Pattern.compile("\"engine\":\"(\\w+)\"").matcher(reply);
        return m.find() ? m.group(1) : "?";
    }

    static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** bin/exemux over stdio, driven with raw JSON-RPC lines: the MCP front door without a client library. */
    static final class Mcp {
        private final OutputStream in;
        private final BufferedReader out;
        private int id;

        Mcp(Process p) throws Exception {
            in = p.getOutputStream();
            out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            call("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"searchbench\",\"version\":\"1\"}}");
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        String call(String method, String params) throws Exception {
            int mine = ++id;
            send("{\"jsonrpc\":\"2.0\",\"id\":" + mine + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("\"id\":" + mine + ",") || line.contains("\"id\":" + mine + "}")) {
                    return line;
                }
            }
            throw new IllegalStateException("exemux ended");
        }

        private void send(String line) throws Exception {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
