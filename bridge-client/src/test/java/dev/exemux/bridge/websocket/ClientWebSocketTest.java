package dev.exemux.bridge.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client WebSocket against OkHttp's server side (MockWebServer) and, for what it never does, a raw peer. */
class ClientWebSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).build();
    private final ExecutorService writers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    /** What the client's listener heard, in order. */
    private final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
    /** What the server side heard, in order. */
    private final BlockingQueue<String> serverHeard = new LinkedBlockingQueue<>();

    private record Failure(Throwable cause, Integer status) {}

    private final ClientWebSocket.Listener listener = new ClientWebSocket.Listener() {
        @Override
        public void onOpen() {
            heard.add("open");
        }

        @Override
        public void onMessage(byte[] message) {
            heard.add(message);
        }

        @Override
        public void onClosed(int code, String reason) {
            heard.add("closed " + code + " " + reason);
        }

        @Override
        public void onFailure(Throwable cause, Response response) {
            heard.add(new Failure(cause, response == null ? null : response.code()));
            if (response != null) {
                response.close();
            }
        }
    };

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        writers.shutdownNow();
        timer.shutdownNow();
    }

    /** Echoes every message; closes with 1001 when told "close me"; answers a close with a close. */
    private void acceptEchoing() {
        server.enqueue(new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
            @Override
            public void onMessage(WebSocket ws, ByteString bytes) {
                if (bytes.utf8().equals("close me")) {
                    ws.close(1001, "bye");
                } else {
                    ws.send(bytes);
                }
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                serverHeard.add("closing " + code + " " + reason);
                ws.close(code, reason);
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason) {
                serverHeard.add("closed " + code + " " + reason);
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                serverHeard.add("failure " + t);
            }
        }).build());
    }

    private ClientWebSocket connect(String url, Duration pingInterval) {
        return ClientWebSocket.connect(http, new Request.Builder().url(url).build(), writers, timer,
                new ClientWebSocket.Options(pingInterval, Duration.ofSeconds(5), 8 << 20), listener);
    }

    private ClientWebSocket connect(Duration pingInterval) {
        return connect("ws://127.0.0.1:" + server.getPort() + "/", pingInterval);
    }

    private Object next() throws InterruptedException {
        Object event = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "nothing heard within " + WAIT);
        return event;
    }

    @Test
    void messagesOfEverySizeComeBackWholeAndInTheOrderTheyWereSent() throws Exception {
        acceptEchoing();
        ClientWebSocket ws = connect(Duration.ZERO);
        Random random = new Random(3);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] message = new byte[i == 30 ? 3 << 20 : random.nextInt(i % 2 == 0 ? 200 : 256 << 10)];
            random.nextBytes(message);
            sent.add(message);
            assertTrue(ws.send(message.clone(), () -> false), "sent before and after the upgrade alike");
        }
        assertEquals("open", next());
        for (byte[] message : sent) {
            Object echo = next();
            assertInstanceOf(byte[].class, echo, () -> echo + " " + serverHeard);
            assertArrayEquals(message, (byte[]) echo);
        }
        ws.close(1000, "done");
        assertEquals("closed 1000 done", next());
        assertEquals("closing 1000 done", serverHeard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertFalse(ws.send(new byte[1], () -> false), "nothing is sent after the close");
    }

    @Test
    void aPeerThatAnswersPingsKeepsTheConnection() throws Exception {
        acceptEchoing();
        ClientWebSocket ws = connect(Duration.ofMillis(300));
        assertEquals("open", next());
        Object event = heard.poll(1500, TimeUnit.MILLISECONDS); // five pings
        assertEquals(null, event, "the connection stays up");
        ws.send("still here".getBytes(StandardCharsets.UTF_8), () -> false);
        assertEquals("still here", new String((byte[]) next(), StandardCharsets.UTF_8));
    }

    @Test
    void aMessageWhoseCallerGaveUpBeforeItsTurnIsNotSent() throws Exception {
        acceptEchoing();
        ClientWebSocket ws = connect(Duration.ZERO);
        ws.send("given up".getBytes(StandardCharsets.UTF_8), () -> true);
        ws.send("wanted".getBytes(StandardCharsets.UTF_8), () -> false);
        assertEquals("open", next());
        assertEquals("wanted", new String((byte[]) next(), StandardCharsets.UTF_8));
    }

    @Test
    void aPeerThatClosesGetsItsCloseAnsweredAndTheListenerHearsItsStatus() throws Exception {
        acceptEchoing();
        ClientWebSocket ws = connect(Duration.ZERO);
        ws.send("close me".getBytes(StandardCharsets.UTF_8), () -> false);
        assertEquals("open", next());
        assertEquals("closed 1001 bye", next());
        assertEquals("closing 1001 ", serverHeard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "our echo of its status");
        assertFalse(ws.send(new byte[1], () -> false));
    }

    @Test
    void aRefusedUpgradeFailsWithTheResponseForItsStatus() throws Exception {
        server.enqueue(new MockResponse.Builder().code(404).body("no").build());
        connect(Duration.ZERO);
        Failure failure = assertInstanceOf(Failure.class, next());
        assertEquals(404, failure.status());
        assertInstanceOf(ProtocolException.class, failure.cause());
    }

    @Test
    void aPeerThatStopsAnsweringPingsFailsTheConnectionByTheNextPing() throws Exception {
        try (RawPeer peer = new RawPeer(true)) {
            connect(peer.url(), Duration.ofMillis(200));
            assertEquals("open", next());
            long started = System.nanoTime();
            Failure failure = assertInstanceOf(Failure.class, next());
            assertInstanceOf(SocketTimeoutException.class, failure.cause());
            assertEquals(null, failure.status(), "the connection was open: no upgrade response to report");
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos());
        }
    }

    @Test
    void anUpgradeWithAWrongAcceptKeyIsNoWebSocket() throws Exception {
        try (RawPeer peer = new RawPeer(false)) {
            connect(peer.url(), Duration.ZERO);
            Failure failure = assertInstanceOf(Failure.class, next());
            assertEquals(101, failure.status());
            assertTrue(failure.cause().getMessage().contains("Sec-WebSocket-Accept"), failure.cause().getMessage());
        }
    }

    @Test
    void cancelEndsTheConnectionAtOnceWithAFailure() throws Exception {
        try (RawPeer peer = new RawPeer(true)) {
            ClientWebSocket ws = connect(peer.url(), Duration.ZERO);
            assertEquals("open", next());
            ws.cancel();
            assertInstanceOf(Failure.class, next());
            assertFalse(ws.send(new byte[1], () -> false));
        }
    }

    /** Accepts one upgrade (with a right or a wrong accept key), then reads and never answers anything. */
    private static final class RawPeer implements AutoCloseable {
        private final ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        private final Thread thread;

        RawPeer(boolean rightKey) throws IOException {
            thread = new Thread(() -> {
                try (Socket s = listening.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String key = null;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                            key = line.substring(line.indexOf(':') + 1).trim();
                        }
                    }
                    String accept = rightKey ? ClientWebSocket.acceptFor(key) : ClientWebSocket.acceptFor("another key");
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    while (in.read() >= 0) {
                        // a black hole: takes everything, answers nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "ws://127.0.0.1:" + listening.getLocalPort() + "/";
        }

        @Override
        public void close() throws IOException {
            listening.close();
        }
    }
}
