package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.testing.TestRelay;
import java.io.IOException;
import java.io.InputStream;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test relay itself behaves as the gateway contract says, so the copy tests prove something. */
class TestRelayTest {

    private static final String SECRET = "s3cret";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestRelay relay;
    private RelayClient client;

    @BeforeEach
    void start() {
        relay = new TestRelay(SECRET, "ws", Set.of("a", "b"));
        client = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws"));
    }

    @AfterEach
    void stop() {
        client.close();
        relay.close();
    }

    private Ticket ticket(long maxBytes) {
        return client.mint("a", "b", Duration.ofSeconds(30), maxBytes);
    }

    private HttpRequest.Builder request(URI url, String bearer) {
        return HttpRequest.newBuilder(url).header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(20));
    }

    private CompletableFuture<HttpResponse<byte[]>> get(Ticket t) {
        return http.sendAsync(request(t.downloadUrl(), t.value()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private CompletableFuture<HttpResponse<String>> put(Ticket t, byte[] body) {
        return http.sendAsync(request(t.uploadUrl(), t.value()).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void streamsThePutIntoTheGetAsItArrives() throws Exception {
        Ticket t = ticket(0);
        // A hand-written chunked PUT, so the test decides when each part of the body leaves.
        try (Socket socket = new Socket("127.0.0.1", t.uploadUrl().getPort())) {
            OutputStream up = socket.getOutputStream();
            up.write(("PUT " + t.uploadUrl().getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + t.value()
                    + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] first = "first half|".getBytes(StandardCharsets.US_ASCII);
            writeChunk(up, first);
            HttpResponse<InputStream> get = http.send(request(t.downloadUrl(), t.value()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, get.statusCode());
            InputStream down = get.body();
            // The first half reaches the GET while the PUT is still open: nothing waits for the whole body.
            assertArrayEquals(first, down.readNBytes(first.length));
            byte[] second = "second half".getBytes(StandardCharsets.US_ASCII);
            writeChunk(up, second);
            up.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            up.flush();
            assertArrayEquals(second, down.readAllBytes());
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("{\"bytes\":" + (first.length + second.length) + ",\"status\":\"ok\"}"), answer);
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void pairsWhicheverSideComesFirst() throws Exception {
        byte[] body = new byte[3_000_000];
        new Random(1).nextBytes(body);
        Ticket t = ticket(body.length);
        CompletableFuture<HttpResponse<String>> put = put(t, body);
        awaitSides(1); // the PUT came first
        HttpResponse<byte[]> got = get(t).get(20, TimeUnit.SECONDS);
        assertEquals(200, got.statusCode());
        assertArrayEquals(body, got.body());
        assertEquals(200, put.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(0, relay.liveTickets());
    }

    /** Waits (a minute at most) until {@code n} sides wait on unfinished tickets: order by condition, not by time. */
    private void awaitSides(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (relay.sidesArrived() < n) {
            assertTrue(System.nanoTime() < until, "the first side never arrived");
            Thread.sleep(10);
        }
    }

    @Test
    void aLonelySideGets408WhenTheTicketExpires() throws Exception {
        relay.expireTicketsAfter(Duration.ofMillis(400));
        Ticket t = ticket(0);
        assertEquals(408, get(t).get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(410, put(t, new byte[10]).get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void secondSideOfAKindGets423AndAFinishedTicket410() throws Exception {
        Ticket t = ticket(0);
        CompletableFuture<HttpResponse<byte[]>> first = get(t);
        awaitSides(1);
        assertEquals(423, get(t).get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, put(t, new byte[] {1, 2, 3}).get(10, TimeUnit.SECONDS).statusCode());
        assertArrayEquals(new byte[] {1, 2, 3}, first.get(10, TimeUnit.SECONDS).body());
        assertEquals(410, get(t).get(10, TimeUnit.SECONDS).statusCode());
        Ticket other = ticket(0);
        CompletableFuture<HttpResponse<String>> put = put(other, new byte[] {9});
        awaitSides(1);
        assertEquals(423, put(other, new byte[] {9}).get(10, TimeUnit.SECONDS).statusCode());
        get(other).get(10, TimeUnit.SECONDS);
        put.get(10, TimeUnit.SECONDS);
    }

    @Test
    void unknownTicketIs410AndABadBearer401() throws Exception {
        Ticket t = ticket(0);
        HttpResponse<String> unknown = http.send(request(URI.create(relay.url() + "/relay/rly_nope"), "rly_nope").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(410, unknown.statusCode());
        HttpResponse<String> badBearer = http.send(request(t.downloadUrl(), "rly_other").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, badBearer.statusCode());
    }

    @Test
    void aCutUploadEndsTheGet200WithAShortBodyAndThePut500() throws Exception {
        relay.cutPutAfter(100_000);
        byte[] body = new byte[1_000_000];
        Ticket t = ticket(0);
        CompletableFuture<HttpResponse<byte[]>> get = get(t);
        CompletableFuture<HttpResponse<String>> put = put(t, body);
        HttpResponse<byte[]> got = get.get(10, TimeUnit.SECONDS);
        assertEquals(200, got.statusCode(), "the GET side cannot tell a cut body from a whole one");
        assertEquals(100_000, got.body().length);
        assertPutFailed(put, 100_000);
    }

    @Test
    void anUploadBeyondMaxBytesBreaks() throws Exception {
        Ticket t = ticket(1000);
        CompletableFuture<HttpResponse<byte[]>> get = get(t);
        CompletableFuture<HttpResponse<String>> put = put(t, new byte[300_000]);
        assertTrue(get.get(10, TimeUnit.SECONDS).body().length <= 1000);
        assertPutFailed(put, -1);
    }

    /** The PUT learns of the break: a 500 with the byte count, or a dropped connection mid-body. */
    private static void assertPutFailed(CompletableFuture<HttpResponse<String>> put, long bytes) throws Exception {
        try {
            HttpResponse<String> answer = put.get(10, TimeUnit.SECONDS);
            assertEquals(500, answer.statusCode());
            assertTrue(answer.body().contains("\"error\""), answer.body());
            if (bytes >= 0) {
                assertTrue(answer.body().contains("\"bytes\":" + bytes), answer.body());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof IOException, e.toString());
        }
    }

}
