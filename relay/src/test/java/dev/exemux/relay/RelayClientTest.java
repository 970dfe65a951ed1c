package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.testing.TestRelay;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayClientTest {

    private static final String SECRET = "relay-secret-7f3a9c";
    private TestRelay relay;

    @BeforeEach
    void start() {
        relay = new TestRelay(SECRET, "ws-1", Set.of("a", "b"));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private RelayClient client(String secret) {
        return new RelayClient(new RelaySettings(URI.create(relay.url()), secret, "ws-1"), Duration.ofSeconds(5));
    }

    @Test
    void mintsATicketWhoseStringFormHidesIt() {
        try (RelayClient c = client(SECRET)) {
            Ticket t = c.mint("a", "b", Duration.ofSeconds(60), 1234);
            assertTrue(t.value().startsWith("rly_"));
            assertEquals(URI.create(relay.url() + "/relay/" + t.value()), t.uploadUrl());
            assertEquals(t.uploadUrl(), t.downloadUrl());
            assertTrue(t.expiresAt().isAfter(Instant.now().plusSeconds(30)));
            assertFalse(t.toString().contains(t.value()), t.toString());
            assertEquals(1, relay.ticketsMinted());
        }
    }

    @Test
    void offWhenAVariableIsMissingSaysWhichAndMakesNoCall() {
        RelaySettings settings = RelaySettings.fromEnv(Map.of(RelaySettings.URL_VAR, relay.url(), RelaySettings.SECRET_VAR, SECRET));
        try (RelayClient c = new RelayClient(settings)) {
            assertFalse(c.isOn());
            assertEquals("relay is off: EXEMUX_WORKSPACE_ID not set", c.describeOff());
            RelayException e = assertThrows(RelayException.class, () -> c.mint("a", "b", Duration.ofSeconds(5), 0));
            assertEquals(RelayException.Reason.OFF, e.reason());
        }
        try (RelayClient c = new RelayClient(RelaySettings.fromEnv(Map.of(RelaySettings.SECRET_VAR, " ")))) {
            assertEquals("relay is off: EXEMUX_RELAY_URL, EXEMUX_RELAY_SECRET, EXEMUX_WORKSPACE_ID not set", c.describeOff());
        }
        assertEquals(0, relay.ticketsMinted());
        assertFalse(RelaySettings.fromEnv(Map.of(RelaySettings.SECRET_VAR, SECRET)).toString().contains(SECRET));
    }

    @Test
    void onWhenEverythingIsSet() {
        try (RelayClient c = client(SECRET)) {
            assertTrue(c.isOn());
            assertNull(c.describeOff());
        }
    }

    @Test
    void eachRefusalHasItsOwnReasonAndNoSecret() {
        try (RelayClient good = client(SECRET); RelayClient bad = client("wrong-secret")) {
            assertReason(RelayException.Reason.BAD_REQUEST, 400, () -> good.mint("", "b", Duration.ofSeconds(5), 0));
            assertReason(RelayException.Reason.UNAUTHORIZED, 401, () -> bad.mint("a", "b", Duration.ofSeconds(5), 0));
            assertReason(RelayException.Reason.FORBIDDEN, 403, () -> good.mint("a", "elsewhere", Duration.ofSeconds(5), 0));
            relay.maxLiveTickets(1);
            assertNotNull(good.mint("a", "b", Duration.ofSeconds(60), 0));
            assertReason(RelayException.Reason.TOO_MANY_TICKETS, 429, () -> good.mint("a", "b", Duration.ofSeconds(5), 0));
            relay.disabled(true);
            assertReason(RelayException.Reason.DISABLED, 503, () -> good.mint("a", "b", Duration.ofSeconds(5), 0));
        }
    }

    @Test
    void aSlowRelayIsATimeout() {
        // A delay far beyond the timeout, so no load can blur which one ended the call.
        relay.delayCreate(Duration.ofSeconds(60));
        try (RelayClient c = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws-1"), Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            assertReason(RelayException.Reason.TIMEOUT, 0, () -> c.mint("a", "b", Duration.ofSeconds(5), 0));
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "the timeout was not honoured");
        }
    }

    @Test
    void aMintNeverOutlivesTheTimeItIsGiven() {
        relay.delayCreate(Duration.ofSeconds(60));
        try (RelayClient c = client(SECRET)) {
            long t0 = System.nanoTime();
            assertReason(RelayException.Reason.TIMEOUT, 0, () -> c.mint("a", "b", Duration.ofSeconds(5), 0, Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "the per-call limit was not honoured");
        }
    }

    @Test
    void aRelayThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (RelayClient c = new RelayClient(new RelaySettings(URI.create("http://127.0.0.1:" + port), SECRET, "ws-1"))) {
            assertReason(RelayException.Reason.UNREACHABLE, 0, () -> c.mint("a", "b", Duration.ofSeconds(5), 0));
        }
    }

    private static void assertReason(RelayException.Reason reason, int status, Runnable call) {
        RelayException e = assertThrows(RelayException.class, call::run);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(status, e.httpStatus());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("rly_"), e.getMessage());
    }
}
