package dev.exemux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway between a plain WebSocket client and real codex exec-servers. */
class TestGatewayTest {

    private static final String TOKEN = "workspace-secret";
    private static final Duration REPLY = Duration.ofSeconds(10);
    private static final Map<String, String> HELLO = Map.of("clientName", "test-gateway-test");

    private static ExecServer peer;
    private TestGateway gateway;

    @BeforeAll
    static void startPeer() {
        peer = ExecServer.start(CodexRelease.NEW);
    }

    @AfterAll
    static void stopPeer() {
        if (peer != null) {
            peer.close();
        }
    }

    @BeforeEach
    void startGateway() {
        gateway = TestGateway.start(TOKEN);
        gateway.route("exe-1", peer);
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    /** {@code <bridgeUrl>/<exe_id>}, the id percent-encoded as one path segment (a space is %20, not +). */
    private String bridge(String exeId) {
        return HttpUrl.get(gateway.bridgeUrl().replaceFirst("^ws:", "http:"))
                .newBuilder().addPathSegment(exeId).build().toString();
    }

    @Test
    void relaysInitializeToTheRoutedExecServer() {
        try (WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN)) {
            JsonNode reply = client.call(1, "initialize", HELLO, REPLY);
            assertTrue(reply.path("result").path("sessionId").isTextual(), reply.toString());
        }
        assertEquals(1, gateway.upgrades("exe-1"));
    }

    @Test
    void relaysToAnOldReleaseThatDropsDeflateOffers() {
        // The client offers permessage-deflate to the gateway; 0.130 would drop the handshake if it got the offer.
        try (ExecServer old = ExecServer.start(CodexRelease.OLD)) {
            gateway.route("old", old);
            try (WsProbe client = WsProbe.open(bridge("old"), TOKEN)) {
                JsonNode reply = client.call(1, "initialize", HELLO, REPLY);
                assertTrue(reply.path("result").path("sessionId").isTextual(), reply.toString());
            }
        }
    }

    @Test
    void sendsTheUpstreamCapabilityToken() {
        try (ExecServer secured = ExecServer.start(CodexRelease.require(CodexRelease.NEW), "tok")) {
            gateway.route("secured", secured);
            try (WsProbe client = WsProbe.open(bridge("secured"), TOKEN)) {
                JsonNode reply = client.call(1, "initialize", HELLO, REPLY);
                assertTrue(reply.path("result").path("sessionId").isTextual(), reply.toString());
            }
            // Without the token the exec-server refuses the gateway: the client learns it at its upgrade.
            gateway.route("secured-no-token", secured.url(), null);
            assertRefused(WsProbe.connect(bridge("secured-no-token"), TOKEN), 502, "401");
        }
    }

    @Test
    void refusesBadTokensWith401() {
        assertRefused(WsProbe.connect(bridge("exe-1"), null), 401, "token");
        assertRefused(WsProbe.connect(bridge("exe-1"), "wrong"), 401, "token");
        assertEquals(0, gateway.upgrades("exe-1"));
    }

    @Test
    void answersForbiddenUnknownAndOfflineAtTheUpgrade() {
        gateway.route("theirs", peer).forbid("theirs");
        gateway.route("sleeping", peer).setOffline("sleeping", true);
        assertRefused(WsProbe.connect(bridge("theirs"), TOKEN), 403, "theirs");
        assertRefused(WsProbe.connect(bridge("nobody"), TOKEN), 404, "nobody");
        assertRefused(WsProbe.connect(bridge("sleeping"), TOKEN), 503, "sleeping");

        gateway.setOffline("sleeping", false);
        try (WsProbe client = WsProbe.open(bridge("sleeping"), TOKEN)) {
            assertTrue(client.call(1, "initialize", HELLO, REPLY).has("result"));
        }
        assertEquals(0, gateway.upgrades("theirs"));
        assertEquals(0, gateway.upgrades("nobody"));
        assertEquals(1, gateway.upgrades("sleeping"));
    }

    @Test
    void answers503WhenNothingListensUpstream() {
        gateway.route("gone", "ws://127.0.0.1:1", null);
        assertRefused(WsProbe.connect(bridge("gone"), TOKEN), 503, "offline");
    }

    @Test
    void decodesUrlEncodedExeIds() {
        gateway.route("team/box 1", peer);
        try (WsProbe client = WsProbe.open(bridge("team/box 1"), TOKEN)) {
            assertTrue(client.call(1, "initialize", HELLO, REPLY).has("result"));
        }
        assertEquals(1, gateway.upgrades("team/box 1"));
    }

    @Test
    void countsUpgradesAndOpenConnectionsPerExeId() throws Exception {
        gateway.route("exe-2", peer);
        try (WsProbe a = WsProbe.open(bridge("exe-1"), TOKEN);
             WsProbe b = WsProbe.open(bridge("exe-1"), TOKEN);
             WsProbe c = WsProbe.open(bridge("exe-2"), TOKEN)) {
            assertEquals(2, gateway.upgrades("exe-1"));
            assertEquals(1, gateway.upgrades("exe-2"));
            assertEquals(2, gateway.openConnections("exe-1"));
            assertEquals(1, gateway.openConnections("exe-2"));
        }
        awaitOpenConnections("exe-1", 0);
        awaitOpenConnections("exe-2", 0);
        assertEquals(2, gateway.upgrades("exe-1"), "closing does not uncount upgrades");
    }

    @Test
    void aCloseByTheClientEndsTheUpstreamConnection() throws Exception {
        WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN);
        assertTrue(client.call(1, "initialize", HELLO, REPLY).has("result"));
        client.closeNormally();
        // codex ends the TCP connection instead of answering the close frame, so OkHttp reports an
        // EOF failure here exactly as it does without the gateway; what counts is that both ends close.
        WsProbe.Event end = client.next(REPLY);
        assertTrue(end instanceof WsProbe.Closed || end instanceof WsProbe.Failed, String.valueOf(end));
        awaitOpenConnections("exe-1", 0);
    }

    @Test
    void aDropByTheExecServerReachesTheClient() throws Exception {
        try (WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN)) {
            assertTrue(client.call(1, "initialize", HELLO, REPLY).has("result"));
            // exec-server drops the connection on any notification it does not know.
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"no/such-notification\"}");
            WsProbe.Event end = client.next(REPLY);
            assertInstanceOf(WsProbe.Failed.class, end, String.valueOf(end));
        }
        awaitOpenConnections("exe-1", 0);
    }

    @Test
    void dropCutsTheConnectionAndLeavesTheSessionResumable() throws Exception {
        String sessionId;
        try (WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN)) {
            sessionId = client.call(1, "initialize", HELLO, REPLY).path("result").path("sessionId").asText();
            assertEquals(1, gateway.drop("exe-1"));
            WsProbe.Event end = client.next(REPLY);
            assertInstanceOf(WsProbe.Failed.class, end, "a drop must look like a network failure, got " + end);
            assertNull(((WsProbe.Failed) end).status());
        }
        awaitOpenConnections("exe-1", 0);
        // The exec-server saw its socket close, so the session is detached and a new connection resumes it.
        try (WsProbe again = WsProbe.open(bridge("exe-1"), TOKEN)) {
            JsonNode resumed = again.call(1, "initialize",
                    Map.of("clientName", "test-gateway-test", "resumeSessionId", sessionId), REPLY);
            assertEquals(sessionId, resumed.path("result").path("sessionId").asText(), resumed.toString());
        }
    }

    @Test
    void dropAllCutsEveryExeId() {
        gateway.route("exe-2", peer);
        try (WsProbe a = WsProbe.open(bridge("exe-1"), TOKEN);
             WsProbe b = WsProbe.open(bridge("exe-2"), TOKEN)) {
            assertEquals(2, gateway.dropAll());
            assertInstanceOf(WsProbe.Failed.class, a.next(REPLY));
            assertInstanceOf(WsProbe.Failed.class, b.next(REPLY));
        }
    }

    @Test
    void blackholeSwallowsMessagesButKeepsTheConnectionOpen() {
        try (WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN)) {
            assertTrue(client.call(1, "initialize", HELLO, REPLY).has("result"));
            gateway.blackhole("exe-1", true);
            // A second initialize always gets an error reply from the exec-server; in the black hole, nothing.
            client.send(WsProbe.request(2, "initialize", HELLO));
            assertNull(client.next(Duration.ofMillis(1500)), "nothing may come out of a black hole");
            assertEquals(1, gateway.openConnections("exe-1"));

            gateway.blackhole("exe-1", false);
            JsonNode reply = client.call(3, "initialize", HELLO, REPLY);
            assertTrue(reply.has("error"), reply.toString());
        }
    }

    @Test
    void pingsPassUntilTheBlackholeSwallowsThem() {
        try (WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN, Duration.ofMillis(500))) {
            assertNull(client.next(Duration.ofMillis(1600)), "the exec-server's pongs keep the client alive");
            gateway.blackhole("exe-1", true);
            WsProbe.Event end = client.next(REPLY);
            assertInstanceOf(WsProbe.Failed.class, end, "a missing pong must fail the client, got " + end);
        }
    }

    @Test
    void delayHoldsBackEachMessageFromTheExecServer() {
        gateway.delay("exe-1", Duration.ofMillis(800));
        try (WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN)) {
            long start = System.nanoTime();
            assertTrue(client.call(1, "initialize", HELLO, REPLY).has("result"));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 800);

            gateway.delay("exe-1", Duration.ZERO);
            start = System.nanoTime();
            client.call(2, "initialize", HELLO, REPLY);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 800);
        }
    }

    @Test
    void closingTheGatewayCutsItsConnections() {
        WsProbe client = WsProbe.open(bridge("exe-1"), TOKEN);
        gateway.close();
        assertInstanceOf(WsProbe.Failed.class, client.next(REPLY));
        client.close();
    }

    private static void assertRefused(WsProbe probe, int status, String bodyMentions) {
        try (probe) {
            WsProbe.Event event = probe.next(REPLY);
            assertInstanceOf(WsProbe.Failed.class, event, String.valueOf(event));
            WsProbe.Failed failed = (WsProbe.Failed) event;
            assertEquals(status, failed.status(), String.valueOf(failed));
            assertTrue(failed.body().contains(bodyMentions), failed.body());
            assertFalse(failed.body().contains(TOKEN), "the body must not echo the token");
        }
    }

    private void awaitOpenConnections(String exeId, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + REPLY.toNanos();
        while (gateway.openConnections(exeId) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, gateway.openConnections(exeId));
    }
}
