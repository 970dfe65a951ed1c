package dev.exemux.bridge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records what each supported release answers, into {@code src/test/resources/wire/<release>/}, for
 * {@link ProtocolRecordsTest}. Speaks the protocol through the JDK's own WebSocket, sharing nothing with
 * the bridge under test. Run when a release is added:
 * {@code mvn -pl bridge-client -am test -Dtest=WireRecorder -Dexemux.record=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "exemux.record", matches = "true")
class WireRecorder {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordEverySupportedRelease() throws Exception {
        Path out = Path.of("src/test/resources/wire");
        for (String version : CodexRelease.SUPPORTED) {
            record(version, Files.createDirectories(out.resolve(version)));
        }
    }

    /**
     * What each release answers to the bridge's handshake probes ({@code probes.json}), which the bridge
     * sends only where {@code initialize} reports no capabilities (before 0.150). Recorded for every
     * release, so the tests can also check that the capabilities a newer release reports agree with what
     * the probes find there. Each probe is harmless: an unknown method, handle or process id.
     */
    @Test
    void recordProbesOfEverySupportedRelease() throws Exception {
        Path out = Path.of("src/test/resources/wire");
        for (String version : CodexRelease.SUPPORTED) {
            recordProbes(version, Files.createDirectories(out.resolve(version)));
        }
    }

    static void recordProbes(String version, Path dir) throws Exception {
        CodexRelease release = CodexRelease.require(version);
        String token = release.atLeast("0.160.0") ? "recorder-token" : null;
        try (ExecServer server = ExecServer.start(release, token); Peer peer = Peer.connect(server.url(), token)) {
            peer.call("initialize", JSON.createObjectNode().put("clientName", "exemux-recorder"));
            peer.notifyInitialized();
            ObjectNode probes = JSON.createObjectNode();
            probes.set("getMetadataPlainRoot", peer.send("fs/getMetadata", JSON.createObjectNode().put("path", "/")));
            probes.set("getMetadataUriRoot", peer.send("fs/getMetadata", JSON.createObjectNode().put("path", "file:///")));
            probes.set("readBlock", peer.send("fs/readBlock",
                    JSON.createObjectNode().put("handleId", "exemux-probe").put("offset", 0).put("len", 1)));
            probes.set("writeBlock", peer.send("fs/writeBlock",
                    JSON.createObjectNode().put("handleId", "exemux-probe").put("offset", 0).put("chunk", "")));
            probes.set("signal", peer.send("process/signal",
                    JSON.createObjectNode().put("processId", "exemux-probe").put("signal", "interrupt")));
            probes.set("httpRequest", peer.send("http/request", JSON.createObjectNode()));
            for (JsonNode reply : probes) {
                ((ObjectNode) reply).remove(java.util.List.of("id", "jsonrpc"));
            }
            save(dir, "probes", probes);
        }
    }

    static void record(String version, Path dir) throws Exception {
        CodexRelease release = CodexRelease.require(version);
        String token = release.atLeast("0.160.0") ? "recorder-token" : null;
        Path work = Files.createTempDirectory("exemux-wire-");
        Files.writeString(work.resolve("file.txt"), "hello\n");
        Files.createDirectory(work.resolve("sub"));
        try (ExecServer server = ExecServer.start(release, token); Peer peer = Peer.connect(server.url(), token)) {
            JsonNode init = peer.call("initialize", JSON.createObjectNode().put("clientName", "exemux-recorder"));
            save(dir, "initialize", init);
            peer.notifyInitialized();
            boolean uris = release.atLeast("0.143.0"); // plain paths work until 0.142.5, URIs only from 0.143
            String base = uris ? work.toUri().toString().replaceAll("/$", "") : work.toString();
            save(dir, "getMetadata", peer.call("fs/getMetadata", JSON.createObjectNode().put("path", base + "/file.txt")));
            save(dir, "readDirectory", peer.call("fs/readDirectory", JSON.createObjectNode().put("path", base)));
            save(dir, "errorNotFound", peer.error("fs/getMetadata", JSON.createObjectNode().put("path", base + "/missing")));
            ObjectNode start = JSON.createObjectNode().put("processId", "p1");
            start.putArray("argv").add("/bin/sh").add("-c").add("printf out; printf err >&2; exit 3");
            start.put("cwd", base);
            start.putObject("env").put("PATH", "/usr/bin:/bin");
            start.put("tty", false).put("pipeStdin", false).putNull("arg0");
            save(dir, "processStart", peer.call("process/start", start));
            save(dir, "processNotifications", peer.notificationsUntilClosed("p1"));
            save(dir, "processRead", peer.call("process/read", JSON.createObjectNode().put("processId", "p1").put("waitMs", 0)));
            save(dir, "processWrite", peer.call("process/write", JSON.createObjectNode().put("processId", "p1")
                    .put("chunk", Base64.getEncoder().encodeToString("x".getBytes())).put("writeId", "w1")));
        }
    }

    static void save(Path dir, String name, JsonNode value) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
    }

    /** One exec-server connection: replies by id, notifications in arrival order. */
    static final class Peer implements WebSocket.Listener, AutoCloseable {
        final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
        final LinkedBlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
        final AtomicLong ids = new AtomicLong();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Peer connect(String url, String token) throws Exception {
            Peer p = new Peer();
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            p.ws = b.buildAsync(URI.create(url), p).get(15, TimeUnit.SECONDS);
            return p;
        }

        JsonNode call(String method, ObjectNode params) throws Exception {
            JsonNode reply = send(method, params);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply);
            }
            return reply.get("result");
        }

        JsonNode error(String method, ObjectNode params) throws Exception {
            return send(method, params).get("error");
        }

        JsonNode send(String method, ObjectNode params) throws Exception {
            long id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            calls.put(id, f);
            ws.sendText(JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id)
                    .put("method", method).set("params", params)), true).get(15, TimeUnit.SECONDS);
            return f.get(15, TimeUnit.SECONDS);
        }

        void notifyInitialized() throws Exception {
            ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}", true).get(15, TimeUnit.SECONDS);
        }

        ArrayNode notificationsUntilClosed(String processId) throws Exception {
            ArrayNode seen = JSON.createArrayNode();
            while (true) {
                JsonNode n = notifications.poll(15, TimeUnit.SECONDS);
                if (n == null) {
                    throw new IllegalStateException("no process/closed for " + processId + "; saw " + seen);
                }
                seen.add(n);
                if ("process/closed".equals(n.path("method").asText()) && processId.equals(n.path("params").path("processId").asText())) {
                    return seen;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if (m.has("id") && !m.has("method")) {
                        CompletableFuture<JsonNode> f = calls.remove(m.get("id").asLong());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else if (m.has("method")) {
                        notifications.add(m);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

}
