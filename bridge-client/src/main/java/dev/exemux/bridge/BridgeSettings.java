package dev.exemux.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the pool reaches executors.
 *
 * @param gatewayUrl {@code ws(s)://…/bridge}; exe_ids not in {@code directExecutors} are dialed at
 *     {@code <gatewayUrl>/<exe_id>}. Null: gateway mode off.
 * @param token bearer token sent on every upgrade (gateway workspace token, or the exec-servers'
 *     capability token in direct mode); null sends none
 * @param directExecutors exe_id -> exec-server URL ({@code ws://ip:port}), dialed straight
 * @param dialTimeout limit for connecting: upgrade plus {@code initialize}, retries included
 * @param callTimeout default limit for one JSON-RPC call
 * @param idleTimeout a session unused this long is closed (its processes keep running on the peer)
 * @param pingInterval WebSocket pings that detect dead peers; zero disables them
 */
public record BridgeSettings(
        URI gatewayUrl,
        String token,
        Map<String, URI> directExecutors,
        Duration dialTimeout,
        Duration callTimeout,
        Duration idleTimeout,
        Duration pingInterval) {

    public BridgeSettings {
        directExecutors = Map.copyOf(Objects.requireNonNullElse(directExecutors, Map.of()));
        Objects.requireNonNull(dialTimeout, "dialTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
    }

    /** Production defaults for the given addressing. */
    public static BridgeSettings of(URI gatewayUrl, String token, Map<String, URI> directExecutors) {
        return new BridgeSettings(gatewayUrl, token, directExecutors,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(15));
    }

    public BridgeSettings withTimeouts(Duration dial, Duration call) {
        return new BridgeSettings(gatewayUrl, token, directExecutors, dial, call, idleTimeout, pingInterval);
    }

    public BridgeSettings withIdleTimeout(Duration idle) {
        return new BridgeSettings(gatewayUrl, token, directExecutors, dialTimeout, callTimeout, idle, pingInterval);
    }

    public BridgeSettings withPingInterval(Duration ping) {
        return new BridgeSettings(gatewayUrl, token, directExecutors, dialTimeout, callTimeout, idleTimeout, ping);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "BridgeSettings[gateway=" + gatewayUrl + ", direct=" + directExecutors.keySet()
                + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
