import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * stat_path through the MCP front door (bin/exemux over stdio, direct mode) against the same
 * fs/getMetadata sent straight to the exec-server by a minimal WebSocket client (the JDK's), in one
 * run against one real codex release. Calls are sequential; the two paths alternate in blocks.
 * Run through run.sh.
 */
public class StatBench {

    public static void main(String[] args) throws Exception {
        Path codex = Path.of(args[0]);
        String launcher = args[1];
        int calls = Integer.parseInt(args[2]);
        Process peer = new ProcessBuilder(codex.toString(), "exec-server", "--listen", "ws://127.0.0.1:0")
                .directory(Files.createTempDirectory("statbench-").toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String url = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8)).readLine().trim();
        Process exemux = null;
        try {
            Raw raw = new Raw(url);
            exemux = startExemux(launcher, url);
            Mcp mcp = new Mcp(exemux);
            for (int i = 0; i < 300; i++) { // warm-up, both paths (exemux's JIT, the peer's caches)
                raw.stat();
                mcp.stat();
            }
            List<Double> direct = new ArrayList<>();
            List<Double> front = new ArrayList<>();
            int block = 50;
            for (int done = 0; done < calls; done += block) {
                for (int i = 0; i < block; i++) {
                    direct.add(raw.stat());
                }
                for (int i = 0; i < block; i++) {
                    front.add(mcp.stat());
                }
            }
            double d = median(direct);
            double f = median(front);
            System.out.printf("codex exec-server %s, %d sequential calls per path%n", args[3], direct.size());
            System.out.printf("fs/getMetadata straight to the exec-server   median %.3f ms  p90 %.3f ms%n", d, pct(direct, 0.9));
            System.out.printf("stat_path through bin/exemux (MCP, stdio)     median %.3f ms  p90 %.3f ms%n", f, pct(front, 0.9));
            System.out.printf("overhead (median): %.3f ms   (target <= 1 ms: %s)%n", f - d, f - d <= 1.0 ? "met" : "NOT met");
        } finally {
            if (exemux != null) {
                exemux.getOutputStream().close();
                exemux.waitFor(10, TimeUnit.SECONDS);
                exemux.destroyForcibly();
            }
            peer.descendants().forEach(ProcessHandle::destroyForcibly);
            peer.destroyForcibly();
        }
    }

    private static Process startExemux(String launcher, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("EXEMUX_") && !k.equals("EXEMUX_JAR"));
        pb.environment().put("EXEMUX_EXECUTORS", "box=" + url);
        pb.environment().put("EXEMUX_LOG_LEVEL", "warn");
        pb.environment().put("SHLVL", "1");
        return pb.start();
    }

    /** One JSON-RPC call at a time; returns the reply line. */
    interface RpcClient {
        String call(String method, String params) throws Exception;
    }

    /** Milliseconds one call took; fails unless its reply contains {@code success}. */
    static double timed(RpcClient client, String method, String params, String success) throws Exception {
        long t = System.nanoTime();
        String reply = client.call(method, params);
        double ms = (System.nanoTime() - t) / 1e6;
        if (!reply.contains(success)) {
            throw new IllegalStateException(method + " failed: " + reply);
        }
        return ms;
    }

    /** A minimal JSON-RPC client over the JDK's WebSocket. */
    static final class Raw implements WebSocket.Listener, RpcClient {
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket ws;
        private int id;

        Raw(String url) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).get(10, TimeUnit.SECONDS);
            call("initialize", "{\"clientName\":\"statbench\"}");
            ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}", true).get();
        }

        double stat() throws Exception {
            return timed(this, "fs/getMetadata", "{\"path\":\"file:///tmp\"}", "\"result\"");
        }

        @Override
        public String call(String method, String params) throws Exception {
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + (++id) + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
            String reply = replies.poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException(method + ": no reply");
            }
            return reply;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                replies.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    /** bin/exemux over stdio, driven with raw JSON-RPC lines: the MCP front door without a client library. */
    static final class Mcp implements RpcClient {
        private final OutputStream in;
        private final BufferedReader out;
        private int id;

        Mcp(Process p) throws Exception {
            in = p.getOutputStream();
            out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            call("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"statbench\",\"version\":\"1\"}}");
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        double stat() throws Exception {
            return timed(this, "tools/call", "{\"name\":\"stat_path\",\"arguments\":{\"exe_id\":\"box\",\"path\":\"/tmp\"}}",
                    "\"isError\":false");
        }

        @Override
        public String call(String method, String params) throws Exception {
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
        return pct(v, 0.5);
    }

    private static double pct(List<Double> v, double p) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.floor(p * (s.size() - 1) + 0.5)));
    }
}
