package dev.exemux.bridge.websocket;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Socket;

/**
 * A client WebSocket (RFC 6455) on a connection OkHttp upgraded: OkHttp dials, speaks TLS and HTTP and
 * hands over the socket after the 101 ({@link Response#socket()}); this class speaks the frames.
 *
 * <p>Not OkHttp's own WebSocket because of its masking: see {@link FrameWriter}. Everything else keeps
 * OkHttp's behaviour: messages go out in order on one writer at a time (pings and pongs before waiting
 * messages), a ping every {@code pingInterval} and a connection that misses a pong by the next one fails,
 * a close answered by a close.
 *
 * <p>Threads: the frames are read on the thread OkHttp calls back on, which every {@link Listener} callback
 * but {@link Listener#onFailure} (which may also come from a writer or the ping timer) runs on. Exactly one
 * of {@code onClosed} and {@code onFailure} ends the connection, once.
 */
public final class ClientWebSocket {

    /** What the socket reports. Callbacks must not block. */
    public interface Listener {
        void onOpen();

        /** One whole message, text or binary, as its bytes. */
        void onMessage(byte[] message);

        /** The peer closed the connection with {@code code}; the close was answered. */
        void onClosed(int code, String reason);

        /**
         * The connection failed or could not be opened. {@code response} is the upgrade's answer when the
         * upgrade was refused (the listener closes it), else null.
         */
        void onFailure(Throwable cause, Response response);
    }

    /**
     * @param pingInterval zero sends no pings
     * @param writeTimeout a frame the peer does not take within this fails the connection
     * @param maxMessage a message the peer sends over this fails the connection
     */
    public record Options(Duration pingInterval, Duration writeTimeout, long maxMessage) {}

    private static final String ACCEPT_MAGIC = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Outgoing(int opcode, byte[] payload, BooleanSupplier abandoned) {}

    private static final BooleanSupplier NEVER = () -> false;

    private final Executor writers;
    private final ScheduledExecutorService timer;
    private final Options options;
    private final Listener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object lock = new Object();
    /** Pings and pongs: written before any waiting message. Guarded by {@link #lock}. */
    private final ArrayDeque<Outgoing> control = new ArrayDeque<>();
    /** Messages and the close frame, in order. Guarded by {@link #lock}. */
    private final ArrayDeque<Outgoing> messages = new ArrayDeque<>();
    private boolean writing;
    private boolean closeQueued;
    private volatile boolean closeSent;
    private volatile boolean closeReceived;
    private volatile boolean awaitingPong;
    private volatile boolean cancelled;
    private volatile Call call;
    private volatile Socket socket;
    private FrameWriter frames;
    private ScheduledFuture<?> pings;

    private ClientWebSocket(Executor writers, ScheduledExecutorService timer, Options options, Listener listener) {
        this.writers = writers;
        this.timer = timer;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Starts the upgrade of {@code request} (a {@code ws://} or {@code wss://} URL and any headers, such
     * as a bearer token) and returns at once; the listener hears the rest. {@code http} must speak
     * HTTP/1.1 only: an upgrade has no meaning on HTTP/2.
     */
    public static ClientWebSocket connect(OkHttpClient http, Request request, Executor writers,
            ScheduledExecutorService timer, Options options, Listener listener) {
        ClientWebSocket ws = new ClientWebSocket(writers, timer, options, listener);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        Request upgrade = request.newBuilder()
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Key", key)
                .header("Sec-WebSocket-Version", "13")
                .build();
        ws.call = http.newCall(upgrade);
        ws.call.enqueue(ws.new Upgrade(key));
        return ws;
    }

    /**
     * Sends {@code message} as one binary frame after every message sent before it, unless
     * {@code abandoned} says, when its turn comes, that nobody waits for it any more. The array is handed
     * over (it is masked in place).
     *
     * @return false if the connection is closing or gone: nothing was sent
     */
    public boolean send(byte[] message, BooleanSupplier abandoned) {
        return enqueue(messages, new Outgoing(FrameReader.BINARY, message, abandoned));
    }

    /**
     * Starts the close handshake after the messages already waiting. The connection ends when the peer
     * answers ({@link Listener#onClosed}); one that never answers is for the caller to {@link #cancel}.
     */
    public void close(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        synchronized (lock) {
            if (closeQueued) {
                return;
            }
            enqueue(messages, new Outgoing(FrameReader.CLOSE, payload, NEVER));
            closeQueued = true;
        }
    }

    /** Cuts the connection at once, without a close handshake; the listener hears a failure. */
    public void cancel() {
        cancelled = true;
        Call c = call;
        if (c != null) {
            c.cancel();
        }
        Socket s = socket;
        if (s != null) {
            cut(s);
        }
    }

    /**
     * Ends the upgraded socket: cancelled, and both halves closed, which also ends the upgrade call OkHttp
     * made (cancelled alone, OkHttp reported the connection as leaked once it was collected).
     */
    private static void cut(Socket s) {
        s.cancel();
        closeQuietly(s.getSource());
        closeQuietly(s.getSink());
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // already cut: nothing more to release
        }
    }

    private boolean enqueue(ArrayDeque<Outgoing> queue, Outgoing frame) {
        synchronized (lock) {
            if (closeQueued || ended.get()) {
                return false;
            }
            queue.add(frame);
            return startWriter();
        }
    }

    /**
     * Holds {@link #lock}. One writer at a time, and none before the upgrade is done.
     *
     * @return false if no writer can run any more (the pool is closing): the connection is cut, and its
     *     reader reports the failure
     */
    private boolean startWriter() {
        if (writing || frames == null) {
            return true;
        }
        writing = true;
        try {
            writers.execute(this::write);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            writing = false;
            cancel();
            return false;
        }
    }

    private void write() {
        while (true) {
            Outgoing next;
            boolean last;
            synchronized (lock) {
                next = control.isEmpty() ? messages.poll() : control.poll();
                if (next == null) {
                    writing = false;
                    return;
                }
                last = control.isEmpty() && messages.isEmpty();
            }
            if (next.abandoned().getAsBoolean()) {
                if (last) {
                    flushQuietly();
                }
                continue;
            }
            try {
                frames.write(next.opcode(), next.payload());
                if (last) {
                    frames.flush(); // batches small frames that were waiting together
                }
            } catch (IOException | RuntimeException e) {
                // RuntimeException: OkHttp's upgraded streams throw IllegalStateException once cancelled.
                synchronized (lock) {
                    writing = false;
                }
                fail(e);
                return;
            }
            if (next.opcode() == FrameReader.CLOSE) {
                closeSent = true;
                if (closeReceived) {
                    cut(socket); // both closes are out: nothing more will come or go
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            frames.flush();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void ping() {
        if (ended.get()) {
            return;
        }
        if (awaitingPong) {
            fail(new SocketTimeoutException("sent a ping but got no pong within " + options.pingInterval().toMillis() + " ms"));
            return;
        }
        awaitingPong = true;
        enqueue(control, new Outgoing(FrameReader.PING, new byte[0], NEVER));
    }

    private void fail(Throwable cause) {
        if (!end()) {
            return;
        }
        cancel();
        synchronized (lock) {
            control.clear();
            messages.clear();
        }
        listener.onFailure(cause, null);
    }

    /**
     * Takes no more messages or pings. A close frame already queued is still written.
     *
     * @return true for the one caller that ends the connection
     */
    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        synchronized (lock) {
            if (pings != null) {
                pings.cancel(false);
            }
        }
        return true;
    }

    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_MAGIC).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The upgrade's answer, then the frames, on OkHttp's callback thread. */
    private final class Upgrade implements Callback, FrameReader.Frames {
        private final String key;

        Upgrade(String key) {
            this.key = key;
        }

        @Override
        public void onFailure(Call c, IOException e) {
            if (end()) {
                listener.onFailure(e, null);
            }
        }

        @Override
        public void onResponse(Call c, Response response) {
            String refusal = refusal(response);
            if (refusal != null) {
                if (end()) {
                    listener.onFailure(new ProtocolException(refusal), response);
                } else {
                    response.close();
                }
                return;
            }
            Socket s = response.socket();
            socket = s;
            BufferedSource source = Okio.buffer(s.getSource());
            BufferedSink sink = Okio.buffer(s.getSink());
            source.timeout().timeout(0, TimeUnit.MILLISECONDS); // pings, not a read timeout, find dead peers
            sink.timeout().timeout(options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            synchronized (lock) {
                frames = new FrameWriter(sink, RANDOM);
                long every = options.pingInterval().toMillis();
                if (every > 0 && !ended.get()) {
                    try {
                        pings = timer.scheduleAtFixedRate(ClientWebSocket.this::ping, every, every, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException shuttingDown) {
                        // the pool is closing; the connection ends with it
                    }
                }
                startWriterIfWaiting();
            }
            if (cancelled || ended.get()) {
                cut(s); // cancelled while the upgrade was under way
                if (end()) {
                    listener.onFailure(new IOException("cancelled"), null);
                }
                return;
            }
            listener.onOpen();
            FrameReader reader = new FrameReader(source, options.maxMessage());
            try {
                while (!ended.get()) {
                    reader.readFrame(this);
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }

        private void startWriterIfWaiting() {
            if (!control.isEmpty() || !messages.isEmpty()) {
                startWriter();
            }
        }

        /** Why {@code response} is not a WebSocket upgrade (RFC 6455 section 4.1), or null if it is. */
        private String refusal(Response response) {
            if (response.code() != 101) {
                return "expected HTTP 101 but got " + response.code();
            }
            if (response.socket() == null || !"websocket".equalsIgnoreCase(response.header("Upgrade"))) {
                return "HTTP 101 without an upgrade to websocket";
            }
            if (!acceptFor(key).equals(response.header("Sec-WebSocket-Accept"))) {
                return "HTTP 101 with a wrong Sec-WebSocket-Accept";
            }
            return null;
        }

        @Override
        public void onMessage(byte[] message) {
            listener.onMessage(message);
        }

        @Override
        public void onPing(byte[] payload) {
            enqueue(control, new Outgoing(FrameReader.PONG, payload, NEVER));
        }

        @Override
        public void onPong() {
            awaitingPong = false;
        }

        @Override
        public void onClose(int code, String reason) {
            closeReceived = true;
            if (closeSent) {
                cut(socket); // both closes are out: nothing more will come or go
            }
            synchronized (lock) {
                if (!closeQueued) {
                    // Messages still waiting would be ignored by a peer that closed: the echo goes first.
                    messages.clear();
                    byte[] payload = code == FrameReader.NO_STATUS ? new byte[0] : new byte[] {(byte) (code >>> 8), (byte) code};
                    messages.add(new Outgoing(FrameReader.CLOSE, payload, NEVER));
                    closeQueued = true;
                    startWriter(); // the writer cuts the connection once the echo is out
                }
            }
            if (end()) {
                listener.onClosed(code, reason);
            }
        }
    }
}
