package dev.exemux.server;

import dev.exemux.testing.ExecServer;
import dev.exemux.testing.TestGateway;
import dev.exemux.testing.TestRelay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real codex exec-servers behind one {@link TestGateway} and its {@link TestRelay}, with many exe_ids
 * spread over few servers (exe_id {@code i} goes to server {@code i % servers}): what exemux reaches in
 * the soak, load and fault runs. {@link #restart} replaces a server by a fresh one on a new port, like an executor that
 * crashed and came back elsewhere.
 */
final class Fleet implements AutoCloseable {

    final TestGateway gateway;
    final TestRelay relay;
    final String token;
    final String relaySecret;
    private final List<ExecServer> servers = new ArrayList<>();
    private final List<String> exeIds = new ArrayList<>();
    private final Map<String, Integer> serverOf = new HashMap<>();

    private Fleet(TestGateway gateway, String token) {
        this.gateway = gateway;
        this.token = token;
        this.relaySecret = "relay-" + Long.toHexString(System.nanoTime());
        this.relay = new TestRelay(relaySecret, WORKSPACE, null);
    }

    private static final String WORKSPACE = "ws-soak";

    /** Starts one exec-server per entry of {@code releases} and routes {@code exeIds} ids over them. */
    static Fleet start(List<String> releases, int exeIds, String idPrefix) {
        String token = "soak-" + Long.toHexString(System.nanoTime());
        Fleet fleet = new Fleet(TestGateway.start(token), token);
        try {
            for (String release : releases) {
                fleet.servers.add(ExecServer.start(release));
            }
            for (int i = 0; i < exeIds; i++) {
                String id = idPrefix + i;
                fleet.exeIds.add(id);
                fleet.serverOf.put(id, i % releases.size());
                fleet.gateway.route(id, fleet.servers.get(i % releases.size()));
            }
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    List<String> exeIds() {
        return exeIds;
    }

    List<ExecServer> servers() {
        return servers;
    }

    ExecServer serverOf(String exeId) {
        return servers.get(serverOf.get(exeId));
    }

    /** Environment for bin/exemux: gateway mode with the workspace token and the relay, no local executor. */
    Map<String, String> exemuxEnv() {
        return Map.of("EXEMUX_GATEWAY_URL", gateway.bridgeUrl(), "EXEMUX_TOKEN", token, "EXEMUX_LOG_LEVEL", System.getProperty("exemux.test.log", "warn"),
                "EXEMUX_RELAY_URL", relay.url(), "EXEMUX_RELAY_SECRET", relaySecret, "EXEMUX_WORKSPACE_ID", WORKSPACE);
    }

    /**
     * Kills the server behind {@code exeId} (and what it runs), starts the same release on a new port
     * and routes every exe_id it served there. Returns the exe_ids that moved.
     */
    List<String> restart(String exeId) {
        int index = serverOf.get(exeId);
        List<String> moved = sharing(exeId);
        ExecServer old = servers.get(index);
        old.kill();
        ExecServer fresh = ExecServer.start(old.version());
        servers.set(index, fresh);
        for (String id : moved) {
            gateway.route(id, fresh);
            gateway.drop(id);
        }
        return moved;
    }

    /** The exe_ids served by the same exec-server as {@code exeId} (itself included). */
    List<String> sharing(String exeId) {
        int index = serverOf.get(exeId);
        List<String> ids = new ArrayList<>();
        for (String id : exeIds) {
            if (serverOf.get(id) == index) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        try {
            gateway.close();
            relay.close();
        } finally {
            servers.forEach(ExecServer::close);
        }
    }
}
