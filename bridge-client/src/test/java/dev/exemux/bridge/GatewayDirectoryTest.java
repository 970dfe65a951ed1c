package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.testing.TestGateway;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's optional discovery endpoint, against the test gateway (no executor is dialed). */
class GatewayDirectoryTest {

    private static final String TOKEN = "discovery-token-1";

    private static GatewayDirectory directory(TestGateway gateway, String token, String workspace, Duration cache) {
        return new GatewayDirectory(URI.create(gateway.bridgeUrl()), token, workspace, cache);
    }

    @Test
    void listsTheRoutedExecutorsThatAreNeitherOfflineNorForbidden() {
        try (TestGateway gateway = TestGateway.start(TOKEN);
                GatewayDirectory d = directory(gateway, TOKEN, "ws-1", Duration.ZERO)) {
            gateway.route("build-1", "ws://127.0.0.1:9", null).route("build-2", "ws://127.0.0.1:9", null)
                    .route("gone", "ws://127.0.0.1:9", null).route("other", "ws://127.0.0.1:9", null)
                    .setOffline("gone", true).forbid("other");
            GatewayDirectory.Answer a = d.connected();
            assertNull(a.warning());
            assertEquals(List.of("build-1", "build-2"), a.connected().stream().map(GatewayDirectory.Connected::exeId).toList());
            assertNotNull(a.connected().get(0).lastSeen());
        }
    }

    @Test
    void aGatewayWithoutDiscoveryIsNoWarning() {
        try (TestGateway gateway = TestGateway.start(TOKEN);
                GatewayDirectory d = directory(gateway, TOKEN, "ws-1", Duration.ZERO)) {
            gateway.route("build-1", "ws://127.0.0.1:9", null).offerDiscovery(false);
            GatewayDirectory.Answer a = d.connected();
            assertNull(a.warning());
            assertTrue(a.connected().isEmpty());
        }
    }

    @Test
    void aRefusedTokenOrWorkspaceIsAWarningWithoutTheToken() {
        try (TestGateway gateway = TestGateway.start(TOKEN).workspaceId("ws-1");
                GatewayDirectory badToken = directory(gateway, "wrong-token-2", "ws-1", Duration.ZERO);
                GatewayDirectory otherWorkspace = directory(gateway, TOKEN, "ws-2", Duration.ZERO)) {
            gateway.route("build-1", "ws://127.0.0.1:9", null);
            String w401 = badToken.connected().warning();
            assertTrue(w401.contains("HTTP 401") && w401.contains("EXEMUX_TOKEN"), w401);
            assertTrue(!w401.contains("wrong-token-2") && !w401.contains(TOKEN), w401);
            String w403 = otherWorkspace.connected().warning();
            assertTrue(w403.contains("HTTP 403") && w403.contains("EXEMUX_WORKSPACE_ID"), w403);
        }
    }

    @Test
    void nothingListeningIsAWarning() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (GatewayDirectory d = new GatewayDirectory(URI.create("ws://127.0.0.1:" + port + "/bridge"), TOKEN, "ws-1")) {
            String w = d.connected().warning();
            assertTrue(w != null && w.contains("could not be asked"), w);
        }
    }

    @Test
    void answersAreCachedForAFewSeconds() {
        try (TestGateway gateway = TestGateway.start(TOKEN);
                GatewayDirectory d = directory(gateway, TOKEN, "ws-1", Duration.ofMinutes(1))) {
            gateway.route("build-1", "ws://127.0.0.1:9", null);
            d.connected();
            gateway.route("build-2", "ws://127.0.0.1:9", null);
            assertEquals(1, d.connected().connected().size(), "a fresh answer is reused");
            assertEquals(1, gateway.discoveryRequests());
        }
    }

    @Test
    void theEndpointIsBesideTheBridge() {
        assertEquals("https://gw.example:8443/x/api/exec-gateway/connected?workspace_id=ws%201",
                GatewayDirectory.connectedUrl(URI.create("wss://gw.example:8443/x/bridge/"), "ws 1").toString());
        assertEquals("http://127.0.0.1:4000/api/exec-gateway/connected?workspace_id=w",
                GatewayDirectory.connectedUrl(URI.create("ws://127.0.0.1:4000/bridge"), "w").toString());
    }
}
