package dev.exemux.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /bridge/<exe_id>} as the gateway contract says: 401 for a bad workspace token,
 * 403 for an exe_id outside the workspace, 404 for an unknown one, 503 when it is offline, else 101 and
 * a {@link BridgedConnection} to the exe_id's exec-server.
 */
final class BridgeDispatcher extends Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(BridgeDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final byte[] expectedAuthorization;
    private final ExecutorDirectory directory;
    private final Faults faults;
    private final Requests requests;
    private final LiveConnections connections;
    private final UpstreamDialer dialer;
    private final Discovery discovery;

    static final String DISCOVERY_PATH = "/api/exec-gateway/connected";

    /** The discovery endpoint's switches: offered or not (404), the one workspace it answers for (null: any). */
    static final class Discovery {
        private volatile boolean offered = true;
        private volatile String workspaceId;
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        boolean offered() {
            return offered;
        }

        void offered(boolean on) {
            offered = on;
        }

        String workspaceId() {
            return workspaceId;
        }

        void workspaceId(String id) {
            workspaceId = id;
        }

        void countRequest() {
            requests.incrementAndGet();
        }

        int requests() {
            return requests.get();
        }
    }

    BridgeDispatcher(String workspaceToken, ExecutorDirectory directory, Faults faults, Requests requests,
                     LiveConnections connections, UpstreamDialer dialer, Discovery discovery) {
        this.requests = requests;
        this.discovery = discovery;
        this.expectedAuthorization = ("Bearer " + workspaceToken).getBytes(StandardCharsets.UTF_8);
        this.directory = directory;
        this.faults = faults;
        this.connections = connections;
        this.dialer = dialer;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!authorized(request.getHeaders().get("Authorization"))) {
            log.info("bridge {}: 401 (missing or wrong workspace token)", request.getUrl().encodedPath());
            return error(401, "unauthorized", "missing or invalid workspace token");
        }
        if (DISCOVERY_PATH.equals(request.getUrl().encodedPath())) {
            return connected(request);
        }
        List<String> segments = request.getUrl().pathSegments();
        if (segments.size() != 2 || !"bridge".equals(segments.get(0)) || segments.get(1).isEmpty()) {
            return error(404, "not_found", "no such endpoint: " + request.getUrl().encodedPath());
        }
        String exeId = segments.get(1);
        if (directory.isForbidden(exeId)) {
            log.info("bridge {}: 403", exeId);
            return error(403, "forbidden", "executor " + exeId + " is not in this workspace");
        }
        if (directory.isOffline(exeId)) {
            log.info("bridge {}: 503 (offline)", exeId);
            return error(503, "offline", "executor " + exeId + " is offline");
        }
        ExecutorDirectory.Upstream upstream = directory.upstream(exeId);
        if (upstream == null) {
            log.info("bridge {}: 404", exeId);
            return error(404, "not_found", "unknown executor " + exeId);
        }
        String key = request.getHeaders().get("Sec-WebSocket-Key");
        if (!"websocket".equalsIgnoreCase(request.getHeaders().get("Upgrade")) || key == null) {
            return error(426, "upgrade_required", "the bridge is a WebSocket: upgrade the request");
        }
        return upgrade(exeId, upstream, key);
    }

    /** The optional discovery endpoint: the workspace's connected executors, or 404 when it is switched off. */
    private MockResponse connected(RecordedRequest request) {
        if (!discovery.offered() || !"GET".equals(request.getMethod())) {
            return error(404, "not_found", "no such endpoint: " + request.getUrl().encodedPath());
        }
        String workspace = request.getUrl().queryParameter("workspace_id");
        if (workspace == null || workspace.isEmpty()) {
            return error(400, "bad_request", "workspace_id is required");
        }
        String expected = discovery.workspaceId();
        if (expected != null && !expected.equals(workspace)) {
            return error(403, "forbidden", "the token is not for workspace " + workspace);
        }
        discovery.countRequest();
        List<Map<String, String>> body = new java.util.ArrayList<>();
        directory.connected().forEach((id, seen) -> body.add(Map.of("exe_id", id, "last_seen", seen.toString())));
        try {
            return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(JSON.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MockResponse upgrade(String exeId, ExecutorDirectory.Upstream upstream, String key) {
        Socket upstreamSocket;
        try {
            upstreamSocket = dialer.dial(upstream.url(), upstream.token());
        } catch (UpstreamDialer.RefusedException e) {
            log.warn("bridge {}: 502, {} at {}", exeId, e.getMessage(), upstream);
            return error(502, "bad_gateway", "executor " + exeId + ": " + e.getMessage());
        } catch (IOException e) {
            // Nobody listening upstream is what a real gateway sees when the executor is gone.
            log.info("bridge {}: 503, cannot reach {}: {}", exeId, upstream, e.toString());
            return error(503, "offline", "executor " + exeId + " is offline"
                    + (e instanceof ConnectException ? "" : " (" + e.getClass().getSimpleName() + ")"));
        }
        int number = connections.countUpgrade(exeId);
        directory.seen(exeId);
        BridgedConnection connection = new BridgedConnection(exeId, number, upstreamSocket, faults, requests);
        connections.opened(connection);
        log.info("bridge {} #{}: upgraded, relaying to {}", exeId, number, upstream);
        return new MockResponse.Builder()
                .clearHeaders() // the default Content-Length has no place on a 101
                .code(101)
                .addHeader("Upgrade", "websocket")
                .addHeader("Connection", "Upgrade")
                .addHeader("Sec-WebSocket-Accept", acceptFor(key))
                .socketHandler(clientSocket -> {
                    try {
                        connection.run(clientSocket);
                    } finally {
                        connections.closed(connection);
                    }
                })
                .build();
    }

    private boolean authorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(expectedAuthorization, normalizeScheme(authorization).getBytes(StandardCharsets.UTF_8));
    }

    /** The scheme name is case-insensitive (RFC 7235); the token is not. */
    private static String normalizeScheme(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? "Bearer " + authorization.substring(7)
                : authorization;
    }

    private static MockResponse error(int code, String error, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        try {
            MockResponse.Builder response = new MockResponse.Builder()
                    .code(code)
                    .setHeader("Content-Type", "application/json")
                    .body(JSON.writeValueAsString(body));
            if (code == 401) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            return response.build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
