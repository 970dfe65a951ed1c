package dev.exemux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import mockwebserver3.MockWebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge half of the gateway contract ({@code docs/gateway-contract.md}) for tests: an
 * in-process server on 127.0.0.1 that exemux reaches at {@code <bridgeUrl()>/<exe_id>} with the
 * workspace token, and that relays each upgraded WebSocket, frame by frame and unchanged, to the
 * exec-server routed for that exe_id. Tests set the statuses at the upgrade (401/403/404/503), count
 * upgrades, and inject faults into live connections (drop, black hole, delay).
 *
 * <pre>{@code
 * try (ExecServer peer = ExecServer.start(CodexRelease.NEW);
 *      TestGateway gateway = TestGateway.start("workspace-token")) {
 *     gateway.route("exe-1", peer);
 *     // point exemux at gateway.bridgeUrl() with "workspace-token"
 * }
 * }</pre>
 */
public final class TestGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestGateway.class);

    private volatile MockWebServer server;
    private final String workspaceToken;
    private int port;
    private final ExecutorDirectory directory = new ExecutorDirectory();
    private final Faults faults = new Faults();
    private final Requests requests = new Requests();
    private final LiveConnections connections = new LiveConnections();
    private final UpstreamDialer dialer = new UpstreamDialer();
    private final BridgeDispatcher.Discovery discovery = new BridgeDispatcher.Discovery();

    private TestGateway(String workspaceToken) {
        this.workspaceToken = workspaceToken;
        this.server = newServer();
    }

    private MockWebServer newServer() {
        MockWebServer s = new MockWebServer();
        s.setDispatcher(new BridgeDispatcher(workspaceToken, directory, faults, requests, connections, dialer, discovery));
        return s;
    }

    /** Starts a gateway on a random loopback port that accepts {@code Authorization: Bearer <workspaceToken>}. */
    public static TestGateway start(String workspaceToken) {
        Objects.requireNonNull(workspaceToken, "workspaceToken");
        TestGateway gateway = new TestGateway(workspaceToken);
        IOException last = null;
        // On a port of its own choosing: MockWebServer sets SO_REUSEADDR only then, and the sockets it
        // accepts inherit it, which restart() needs to listen on the same port again. A port taken in the
        // instant between choosing and listening is tried again.
        for (int attempt = 0; attempt < 10 && gateway.port == 0; attempt++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int candidate = probe.getLocalPort();
                probe.close();
                gateway.server.start(InetAddress.getByName("127.0.0.1"), candidate);
                gateway.port = candidate;
            } catch (IOException e) {
                last = e;
                gateway.server = gateway.newServer();
            }
        }
        if (gateway.port == 0) {
            gateway.dialer.close();
            throw new UncheckedIOException("test gateway could not listen on 127.0.0.1", last);
        }
        log.info("test gateway listening at {}", gateway.bridgeUrl());
        return gateway;
    }

    /** {@code ws://127.0.0.1:<port>/bridge}: exemux appends {@code /<exe_id>} (URL-encoded). */
    public String bridgeUrl() {
        return "ws://127.0.0.1:" + port + "/bridge";
    }

    /**
     * Routes {@code exeId} to an exec-server ({@code ws://ip:port}); {@code upstreamToken} is sent to it
     * as a bearer token when non-null. Routing again replaces the target (an executor that came back
     * elsewhere) for new upgrades; open connections keep theirs.
     */
    public TestGateway route(String exeId, String upstreamWsUrl, String upstreamToken) {
        Objects.requireNonNull(exeId, "exeId");
        Objects.requireNonNull(upstreamWsUrl, "upstreamWsUrl");
        directory.route(exeId, new ExecutorDirectory.Upstream(upstreamWsUrl, upstreamToken));
        return this;
    }

    /** {@link #route(String, String, String)} to a running {@link ExecServer}, with its token if any. */
    public TestGateway route(String exeId, ExecServer server) {
        return route(exeId, server.url(), server.token());
    }

    /** Upgrades of {@code exeId} are answered 403 (not in this workspace) from now on. */
    public TestGateway forbid(String exeId) {
        directory.forbid(Objects.requireNonNull(exeId, "exeId"));
        return this;
    }

    /**
     * While offline, upgrades of {@code exeId} are answered 503. Open connections stay open: combine with
     * {@link #drop(String)} for an executor that vanishes.
     */
    public TestGateway setOffline(String exeId, boolean offline) {
        directory.setOffline(Objects.requireNonNull(exeId, "exeId"), offline);
        return this;
    }

    /**
     * Whether {@code GET /api/exec-gateway/connected?workspace_id=<id>} is offered (default on): it lists the
     * routed exe_ids that are neither offline nor forbidden, each with {@code last_seen} (when it was routed or
     * last upgraded). Off: 404, as from a gateway without discovery.
     */
    public TestGateway offerDiscovery(boolean on) {
        discovery.offered(on);
        return this;
    }

    /** Discovery answers only for this workspace_id (403 for any other); null (default) answers for any. */
    public TestGateway workspaceId(String id) {
        discovery.workspaceId(id);
        return this;
    }

    /** How many discovery requests were answered 200. */
    public int discoveryRequests() {
        return discovery.requests();
    }

    /** How many upgrades of {@code exeId} succeeded (101) since the gateway started. */
    public int upgrades(String exeId) {
        return connections.upgrades(exeId);
    }

    /**
     * How many requests of JSON-RPC {@code method} clients sent to {@code exeId} through this gateway (e.g.
     * {@code process/start}: the processes an operation started there).
     */
    public int requests(String exeId, String method) {
        return requests.count(exeId, method);
    }

    /** How many bridged connections of {@code exeId} are open now. */
    public int openConnections(String exeId) {
        return connections.open(exeId);
    }

    /**
     * Cuts the open connections of {@code exeId} without a close handshake, like a network failure: the
     * client's WebSocket fails and the exec-server's session detaches (resumable within its grace period).
     * Returns how many were cut.
     */
    public int drop(String exeId) {
        int n = connections.drop(exeId);
        log.info("bridge {}: dropped {} connection(s)", exeId, n);
        return n;
    }

    /** {@link #drop(String)} for every exe_id. */
    public int dropAll() {
        int n = connections.dropAll();
        log.info("test gateway: dropped {} connection(s)", n);
        return n;
    }

    /**
     * While on, frames of {@code exeId} are swallowed in both directions (they are lost, not held back):
     * the connection stays open but the peer never answers, not even to pings.
     */
    public TestGateway blackhole(String exeId, boolean on) {
        faults.blackhole(Objects.requireNonNull(exeId, "exeId"), on);
        return this;
    }

    /** Waits {@code delay} before relaying each message from the exec-server to the client; zero or null ends it. */
    public TestGateway delay(String exeId, Duration delay) {
        faults.delay(Objects.requireNonNull(exeId, "exeId"), delay);
        return this;
    }

    /**
     * A gateway restart, first half: cuts every connection and stops listening (connects are refused);
     * routes and faults are kept. {@link #restart()} listens again on the same port.
     */
    public synchronized void stop() {
        connections.dropAll();
        server.close();
        log.info("test gateway stopped (port {} kept for restart)", port);
    }

    /** Listens again on the port of {@link #bridgeUrl()} after {@link #stop()}, as a restarted gateway. */
    public synchronized void restart() {
        MockWebServer fresh = newServer();
        try {
            fresh.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("test gateway could not listen again on port " + port, e);
        }
        server = fresh;
        log.info("test gateway restarted at {}", bridgeUrl());
    }

    /** Cuts every connection and stops listening. */
    @Override
    public void close() {
        connections.dropAll();
        try {
            server.close();
        } finally {
            dialer.close();
        }
        log.info("test gateway stopped");
    }

    @Override
    public String toString() {
        return "test gateway at " + bridgeUrl();
    }
}
