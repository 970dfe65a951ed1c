package dev.exemux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The relay half of the gateway contract (gateway-contract.md) as an in-process HTTP server on
 * 127.0.0.1, without TLS: ticket creation, and PUT/GET pairing that streams the PUT body into the GET
 * response as it arrives (nothing stored). Fault switches make the failures a real relay can have.
 */
public final class TestRelay implements AutoCloseable {

    public static final String CREATE_PATH = "/api/exec-gateway/relay/create";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 256 * 1024;

    private final String secret;
    private final String workspaceId;
    private final Set<String> exeIds;
    private final HttpServer server;
    private final ExecutorService threads;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Slot> tickets = new ConcurrentHashMap<>();
    private final AtomicInteger minted = new AtomicInteger();
    private final AtomicLong lastPutBytes = new AtomicLong(-1);

    private volatile int maxLiveTickets = 64;
    private volatile boolean disabled;
    private volatile long cutPutAfterBytes = -1;
    private volatile long corruptAt = -1;
    private volatile long throttle;
    private volatile Duration ttlOverride;
    private volatile Duration createDelay = Duration.ZERO;
    private volatile UnaryOperator<String> forgeUrl = UnaryOperator.identity();
    private volatile String redirectTo;

    /**
     * @param exeIds the exe_ids in the workspace; any other gets 403. Null accepts every exe_id.
     */
    public TestRelay(String secret, String workspaceId, Set<String> exeIds) {
        this.secret = secret;
        this.workspaceId = workspaceId;
        this.exeIds = exeIds == null ? null : Set.copyOf(exeIds);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-relay");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(CREATE_PATH, this::handleCreate);
        server.createContext("/relay/", this::handleTransfer);
        server.start();
    }

    /** e.g. {@code http://127.0.0.1:41234}: the value for EXEMUX_RELAY_URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- fault switches -------------------------------------------------------------------------

    /** 429 once this many tickets are live (minted, not finished, not expired). */
    public TestRelay maxLiveTickets(int n) {
        maxLiveTickets = n;
        return this;
    }

    /** 503 on every create while disabled. */
    public TestRelay disabled(boolean on) {
        disabled = on;
        return this;
    }

    /**
     * Cuts every transfer after {@code bytes}: the GET ends 200 with the short body, the PUT gets 500.
     * Negative turns it off.
     */
    public TestRelay cutPutAfter(long bytes) {
        cutPutAfterBytes = bytes;
        return this;
    }

    /**
     * Flips the byte at {@code offset} of every transfer (same length, wrong content: only a checksum
     * notices). Negative turns it off.
     */
    public TestRelay corruptByteAt(long offset) {
        corruptAt = offset;
        return this;
    }

    /** Passes at most {@code bytesPerSecond} through each transfer (a slow link); 0 turns it off. */
    public TestRelay throttle(long bytesPerSecond) {
        throttle = bytesPerSecond;
        return this;
    }

    /** Tickets expire after {@code ttl} whatever was asked for; null restores the requested ttl. */
    public TestRelay expireTicketsAfter(Duration ttl) {
        ttlOverride = ttl;
        return this;
    }

    /** Delays every create answer (for client timeouts). */
    public TestRelay delayCreate(Duration delay) {
        createDelay = delay;
        return this;
    }

    /**
     * A forged relay: each ticket's upload and download URL is {@code forge} applied to the real one
     * ({@code http://127.0.0.1:<port>/relay/<ticket>}); identity turns it off.
     */
    public TestRelay forgeTransferUrls(UnaryOperator<String> forge) {
        forgeUrl = forge == null ? UnaryOperator.identity() : forge;
        return this;
    }

    /**
     * Answers every PUT and GET of a ticket with 307 to {@code baseUrl + "/relay/<ticket>"} (a relay sending its
     * clients elsewhere); null turns it off.
     */
    public TestRelay redirectTransfersTo(String baseUrl) {
        redirectTo = baseUrl;
        return this;
    }

    // ---- observations ---------------------------------------------------------------------------

    public int ticketsMinted() {
        return minted.get();
    }

    public int liveTickets() {
        expireOld();
        return (int) tickets.values().stream().filter(s -> !s.finished).count();
    }

    /** PUTs and GETs that arrived on tickets not finished yet (tests wait for a side instead of sleeping). */
    public int sidesArrived() {
        return (int) tickets.values().stream().filter(s -> !s.finished)
                .mapToInt(s -> (s.put != null ? 1 : 0) + (s.get != null ? 1 : 0)).sum();
    }

    /** Bytes the last finished PUT carried, or -1. */
    public long lastPutBytes() {
        return lastPutBytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- create ---------------------------------------------------------------------------------

    private void handleCreate(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            sleep(createDelay);
            if (!"POST".equals(ex.getRequestMethod())) {
                respond(ex, 405, error("use POST"));
                return;
            }
            if (!("Bearer " + secret).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                respond(ex, 401, error("bad relay secret"));
                return;
            }
            if (disabled) {
                respond(ex, 503, error("relay disabled"));
                return;
            }
            JsonNode req;
            try {
                req = JSON.readTree(body);
            } catch (IOException e) {
                respond(ex, 400, error("body is not JSON"));
                return;
            }
            String problem = validate(req);
            if (problem != null) {
                respond(ex, 400, error(problem));
                return;
            }
            String src = req.get("source_exe_id").textValue();
            String dst = req.get("dest_exe_id").textValue();
            if (!workspaceId.equals(req.get("workspace_id").textValue())
                    || (exeIds != null && (!exeIds.contains(src) || !exeIds.contains(dst)))) {
                respond(ex, 403, error("executor not in workspace"));
                return;
            }
            Slot slot;
            synchronized (this) {
                if (liveTickets() >= maxLiveTickets) {
                    respond(ex, 429, error("too many live tickets"));
                    return;
                }
                byte[] raw = new byte[18];
                random.nextBytes(raw);
                String ticket = "rly_" + HexFormat.of().formatHex(raw);
                Duration ttl = ttlOverride != null ? ttlOverride : Duration.ofSeconds(req.get("ttl_seconds").longValue());
                slot = new Slot(ticket, Instant.now().plus(ttl), req.get("max_bytes").longValue());
                tickets.put(ticket, slot);
                minted.incrementAndGet();
            }
            String transferUrl = forgeUrl.apply(url() + "/relay/" + slot.ticket);
            ObjectNode out = JSON.createObjectNode()
                    .put("ticket", slot.ticket)
                    .put("upload_url", transferUrl)
                    .put("download_url", transferUrl)
                    .put("expires_at", slot.expiresAt.toString());
            respond(ex, 201, out);
        }
    }

    private static String validate(JsonNode req) {
        if (req == null || !req.isObject()) {
            return "body must be a JSON object";
        }
        for (String f : new String[] {"workspace_id", "source_exe_id", "dest_exe_id"}) {
            JsonNode v = req.get(f);
            if (v == null || !v.isTextual() || v.textValue().isBlank()) {
                return f + " must be a non-empty string";
            }
        }
        JsonNode ttl = req.get("ttl_seconds");
        if (ttl == null || !ttl.isIntegralNumber() || ttl.longValue() < 1 || ttl.longValue() > 86400) {
            return "ttl_seconds must be an integer between 1 and 86400";
        }
        JsonNode max = req.get("max_bytes");
        if (max == null || !max.isIntegralNumber() || max.longValue() < 0) {
            return "max_bytes must be a non-negative integer";
        }
        return null;
    }

    // ---- transfer -------------------------------------------------------------------------------

    private void handleTransfer(HttpExchange ex) throws IOException {
        String ticket = ex.getRequestURI().getPath().substring("/relay/".length());
        String method = ex.getRequestMethod();
        expireOld();
        Slot slot = tickets.get(ticket);
        if (slot == null || slot.finished) {
            drainAndRespond(ex, 410, error("unknown, expired or finished ticket"));
            return;
        }
        if (!("Bearer " + ticket).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            drainAndRespond(ex, 401, error("bad bearer"));
            return;
        }
        String elsewhere = redirectTo;
        if (elsewhere != null) {
            ex.getResponseHeaders().set("Location", elsewhere + "/relay/" + ticket);
            drainAndRespond(ex, 307, error("moved"));
            return;
        }
        if ("PUT".equals(method)) {
            if (!slot.claimPut(ex)) {
                drainAndRespond(ex, 423, error("ticket already has a PUT"));
                return;
            }
            runPut(slot, ex);
        } else if ("GET".equals(method)) {
            if (!slot.claimGet(ex)) {
                drainAndRespond(ex, 423, error("ticket already has a GET"));
                return;
            }
            runGet(slot, ex);
        } else {
            drainAndRespond(ex, 405, error("use PUT or GET"));
        }
    }

    /** The GET side only waits: the PUT side pumps into its response and releases it when done. */
    private void runGet(Slot slot, HttpExchange get) throws IOException {
        if (!slot.awaitPartner(slot.putArrived)) {
            slot.finish();
            respond(get, 408, error("no upload before the ticket expired"));
            get.close();
            return;
        }
        try {
            slot.getDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        get.close();
    }

    private void runPut(Slot slot, HttpExchange put) throws IOException {
        if (!slot.awaitPartner(slot.getArrived)) {
            slot.finish();
            drainAndRespond(put, 408, error("no download before the ticket expired"));
            return;
        }
        HttpExchange get = slot.get;
        long bytes = 0;
        String failure = null;
        long cut = cutPutAfterBytes;
        try {
            get.getResponseHeaders().set("Content-Type", "application/octet-stream");
            get.sendResponseHeaders(200, 0);
            OutputStream down = get.getResponseBody();
            InputStream up = put.getRequestBody();
            byte[] buf = new byte[BUFFER];
            while (true) {
                int want = throttle > 0 ? (int) Math.max(1, Math.min(buf.length, throttle / 10)) : buf.length;
                if (cut >= 0) {
                    long left = cut - bytes;
                    if (left <= 0) {
                        failure = "transfer broke: upload cut after " + bytes + " bytes";
                        break;
                    }
                    want = (int) Math.min(want, left);
                }
                int n;
                try {
                    n = up.read(buf, 0, want);
                } catch (IOException e) {
                    failure = "upload side went away";
                    break;
                }
                if (n < 0) {
                    break;
                }
                long rate = throttle;
                if (rate > 0) {
                    sleep(Duration.ofMillis(n * 1000L / rate));
                }
                if (slot.maxBytes > 0 && bytes + n > slot.maxBytes) {
                    failure = "transfer passed max_bytes " + slot.maxBytes;
                    break;
                }
                long flip = corruptAt;
                if (flip >= bytes && flip < bytes + n) {
                    buf[(int) (flip - bytes)] ^= 0x5a;
                }
                try {
                    down.write(buf, 0, n);
                    // Pass on what arrived now, not when a chunk buffer fills: the GET sees the PUT as it streams.
                    down.flush();
                } catch (IOException e) {
                    failure = "download side went away";
                    break;
                }
                bytes += n;
            }
            try {
                down.close();
            } catch (IOException ignored) {
                // the GET side is gone; the PUT's answer says so
            }
        } finally {
            slot.getDone.countDown();
            slot.finish();
            lastPutBytes.set(bytes);
        }
        ObjectNode answer = JSON.createObjectNode().put("bytes", bytes);
        if (failure == null) {
            respond(put, 200, answer.put("status", "ok"));
            put.close();
        } else {
            respond(put, 500, answer.put("error", failure));
            // A cut upload: drop the connection rather than drain the rest of a large body.
            put.close();
        }
    }

    private void expireOld() {
        Instant now = Instant.now();
        tickets.values().removeIf(s -> s.finished || (s.expiresAt.isBefore(now) && !s.paired()));
    }

    private static void drainAndRespond(HttpExchange ex, int status, ObjectNode body) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            respond(ex, status, body);
        }
    }

    private static void respond(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void sleep(Duration d) {
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One ticket: at most one PUT and one GET, paired once both have arrived. */
    private static final class Slot {
        final String ticket;
        final Instant expiresAt;
        final long maxBytes;
        final CountDownLatch putArrived = new CountDownLatch(1);
        final CountDownLatch getArrived = new CountDownLatch(1);
        final CountDownLatch getDone = new CountDownLatch(1);
        volatile HttpExchange put;
        volatile HttpExchange get;
        volatile boolean finished;

        Slot(String ticket, Instant expiresAt, long maxBytes) {
            this.ticket = ticket;
            this.expiresAt = expiresAt;
            this.maxBytes = maxBytes;
        }

        synchronized boolean claimPut(HttpExchange ex) {
            if (put != null) {
                return false;
            }
            put = ex;
            putArrived.countDown();
            return true;
        }

        synchronized boolean claimGet(HttpExchange ex) {
            if (get != null) {
                return false;
            }
            get = ex;
            getArrived.countDown();
            return true;
        }

        boolean paired() {
            return put != null && get != null;
        }

        /** Waits for the other side until the ticket expires. */
        boolean awaitPartner(CountDownLatch partner) {
            long ms = Duration.between(Instant.now(), expiresAt).toMillis();
            try {
                return partner.await(Math.max(0, ms), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void finish() {
            finished = true;
        }
    }
}
