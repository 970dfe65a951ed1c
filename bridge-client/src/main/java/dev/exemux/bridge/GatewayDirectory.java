package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.executor.ExeIds;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the gateway which executors of the workspace are connected now: {@code GET <gateway
 * base>/api/exec-gateway/connected?workspace_id=<id>} with the workspace token, where the base is the
 * bridge URL with {@code ws}→{@code http}, {@code wss}→{@code https} and {@code /bridge} removed. The
 * endpoint is optional: 404 means the gateway does not offer it and is no warning; 401/403 and any other
 * failure become a warning, never an error. Answers are cached for {@link #CACHE_FOR} (failures too, so a
 * refusing gateway is not asked on every listing). The answer is untrusted: malformed exe_ids are dropped,
 * at most {@link #MAX_ENTRIES} are kept. Thread-safe.
 */
public final class GatewayDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String PATH = "api/exec-gateway/connected";
    static final Duration CACHE_FOR = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_ENTRIES = 10_000;
    private static final long MAX_BODY = 4 << 20;

    /** One executor the gateway reports as connected; {@code lastSeen} null when it gave none readable. */
    public record Connected(String exeId, Instant lastSeen) {}

    /** What the gateway said: the connected executors, and a warning when it could not say (else null). */
    public record Answer(List<Connected> connected, String warning) {}

    private final HttpUrl url;
    private final String token;
    private final OkHttpClient http;
    private final Duration cacheFor;
    private Answer cached;
    private long cachedAtNanos;

    /**
     * @param gatewayBridgeUrl {@code EXEMUX_GATEWAY_URL}, {@code ws(s)://host[:port]/…/bridge}
     * @param token the workspace token
     * @param workspaceId {@code EXEMUX_WORKSPACE_ID}
     */
    public GatewayDirectory(URI gatewayBridgeUrl, String token, String workspaceId) {
        this(gatewayBridgeUrl, token, workspaceId, CACHE_FOR);
    }

    GatewayDirectory(URI gatewayBridgeUrl, String token, String workspaceId, Duration cacheFor) {
        this.url = connectedUrl(gatewayBridgeUrl, Objects.requireNonNull(workspaceId, "workspaceId"));
        this.token = token;
        this.cacheFor = cacheFor;
        this.http = new OkHttpClient.Builder()
                .callTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    /** {@code ws(s)://host/x/bridge} → {@code http(s)://host/x/api/exec-gateway/connected?workspace_id=…}. */
    static HttpUrl connectedUrl(URI bridge, String workspaceId) {
        String scheme = "wss".equalsIgnoreCase(bridge.getScheme()) ? "https" : "http";
        String path = bridge.getRawPath() == null ? "" : bridge.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/bridge")) {
            path = path.substring(0, path.length() - "/bridge".length());
        }
        return HttpUrl.get(scheme + "://" + bridge.getRawAuthority() + path + "/" + PATH).newBuilder()
                .addQueryParameter("workspace_id", workspaceId).build();
    }

    /** The gateway's answer, at most {@link #CACHE_FOR} old. */
    public synchronized Answer connected() {
        if (cached != null && System.nanoTime() - cachedAtNanos < cacheFor.toNanos()) {
            return cached;
        }
        cached = ask();
        cachedAtNanos = System.nanoTime();
        return cached;
    }

    private Answer ask() {
        Request.Builder request = new Request.Builder().url(url).get();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String where = "the gateway at " + url.host() + ":" + url.port();
        try (Response response = http.newCall(request.build()).execute()) {
            int status = response.code();
            if (status == 404) {
                return new Answer(List.of(), null); // the gateway does not offer discovery
            }
            if (status == 401 || status == 403) {
                return warning(where + " refused to list its connected executors (HTTP " + status + "): check EXEMUX_TOKEN"
                        + (status == 403 ? " and EXEMUX_WORKSPACE_ID" : "") + "; executors used before are still listed");
            }
            if (status != 200) {
                return warning(where + " answered the list of connected executors with HTTP " + status);
            }
            okio.BufferedSource body = response.body().source();
            if (body.request(MAX_BODY + 1)) {
                return warning(where + " sent a list of connected executors too large to read");
            }
            return parse(body.readUtf8(), where);
        } catch (InterruptedIOException e) {
            return warning(where + " did not say in time which executors are connected");
        } catch (IOException e) {
            return warning(where + " could not be asked which executors are connected (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalStateException e) {
            return warning(where + " sent an unreadable list of connected executors");
        }
    }

    private static Answer parse(String body, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isArray()) {
            return warning(where + " sent a list of connected executors that is not a JSON array");
        }
        List<Connected> out = new ArrayList<>();
        int dropped = 0;
        for (JsonNode item : root) {
            String id = item.path("exe_id").isTextual() ? item.path("exe_id").textValue() : null;
            if (id == null || ExeIds.problem(id) != null || out.size() >= MAX_ENTRIES) {
                dropped++;
                continue;
            }
            out.add(new Connected(id, instant(item.path("last_seen"))));
        }
        if (dropped > 0) {
            log.debug("gateway discovery: {} entries dropped (malformed exe_id or over {})", dropped, MAX_ENTRIES);
        }
        return new Answer(out, null);
    }

    private static Instant instant(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Answer warning(String message) {
        log.debug("gateway discovery: {}", message);
        return new Answer(List.of(), message + ".");
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
