package dev.exemux.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints one-shot relay tickets ({@code POST <relay>/api/exec-gateway/relay/create}, see
 * gateway-contract.md). With any setting missing the client is off: {@link #describeOff()} says which,
 * and {@link #mint} fails at once without a call.
 */
public final class RelayClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final String CREATE_PATH = "api/exec-gateway/relay/create";

    private final RelaySettings settings;
    private final OkHttpClient http;
    private final Duration timeout;

    public RelayClient(RelaySettings settings) {
        this(settings, Duration.ofSeconds(10));
    }

    /** @param timeout limit for one mint call, connection included */
    public RelayClient(RelaySettings settings, Duration timeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeout = timeout;
        this.http = new OkHttpClient.Builder()
                .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .build();
    }

    public RelaySettings settings() {
        return settings;
    }

    public boolean isOn() {
        return settings.isComplete();
    }

    /** Why the relay is off (naming the missing variables), or null when it is on. */
    public String describeOff() {
        if (isOn()) {
            return null;
        }
        return "relay is off: " + String.join(", ", settings.missing()) + " not set";
    }

    /**
     * Mints a ticket for one transfer from {@code sourceExeId} to {@code destExeId}.
     *
     * @param maxBytes the most the PUT may send; 0 = unlimited
     * @throws RelayException with a reason per failure (status 400/401/403/429/503, timeout, ...)
     */
    public Ticket mint(String sourceExeId, String destExeId, Duration ttl, long maxBytes) {
        return mint(sourceExeId, destExeId, ttl, maxBytes, timeout);
    }

    /** As {@link #mint(String, String, Duration, long)}, waiting at most {@code within} (capped by the client's timeout). */
    public Ticket mint(String sourceExeId, String destExeId, Duration ttl, long maxBytes, Duration within) {
        if (!isOn()) {
            throw new RelayException(RelayException.Reason.OFF, 0, describeOff() + ".", null);
        }
        ObjectNode body = JSON.createObjectNode()
                .put("workspace_id", settings.workspaceId())
                .put("source_exe_id", sourceExeId)
                .put("dest_exe_id", destExeId)
                .put("ttl_seconds", Math.max(1, ttl.toSeconds()))
                .put("max_bytes", Math.max(0, maxBytes));
        HttpUrl url = createUrl();
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + settings.secret())
                .post(RequestBody.create(body.toString(), JSON_TYPE))
                .build();
        Call call = http.newCall(request);
        Duration limit = within.compareTo(timeout) < 0 ? within : timeout;
        call.timeout().timeout(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            String text = response.body().string();
            if (response.code() == 201 || response.code() == 200) {
                return parseTicket(text);
            }
            throw failure(response.code(), text, sourceExeId, destExeId);
        } catch (InterruptedIOException e) {
            throw new RelayException(RelayException.Reason.TIMEOUT, 0,
                    "relay at " + url.host() + ":" + url.port() + " did not answer the ticket request in time.", null);
        } catch (IOException e) {
            throw new RelayException(RelayException.Reason.UNREACHABLE, 0,
                    "relay at " + url.host() + ":" + url.port() + " cannot be reached (" + e.getClass().getSimpleName()
                            + "); check EXEMUX_RELAY_URL.", null);
        }
    }

    private HttpUrl createUrl() {
        String base = settings.url().toString();
        return HttpUrl.get(base.endsWith("/") ? base + CREATE_PATH : base + "/" + CREATE_PATH);
    }

    private RelayException failure(int status, String body, String source, String dest) {
        String detail = errorDetail(body);
        RelayException.Reason reason;
        String message;
        switch (status) {
            case 400 -> {
                reason = RelayException.Reason.BAD_REQUEST;
                message = "relay rejected the ticket request (400)" + detail + ".";
            }
            case 401 -> {
                reason = RelayException.Reason.UNAUTHORIZED;
                message = "relay refused the relay secret (401): check EXEMUX_RELAY_SECRET.";
            }
            case 403 -> {
                reason = RelayException.Reason.FORBIDDEN;
                message = "relay says '" + source + "' or '" + dest + "' is not in workspace '"
                        + settings.workspaceId() + "' (403): check the exe_ids and EXEMUX_WORKSPACE_ID.";
            }
            case 429 -> {
                reason = RelayException.Reason.TOO_MANY_TICKETS;
                message = "relay has too many live tickets in this workspace (429): retry when other copies finish.";
            }
            case 503 -> {
                reason = RelayException.Reason.DISABLED;
                message = "relay is disabled (503).";
            }
            default -> {
                reason = RelayException.Reason.PROTOCOL;
                message = "relay answered the ticket request with HTTP " + status + detail + ".";
            }
        }
        LOG.debug("relay mint failed: HTTP {}", status);
        return new RelayException(reason, status, message, null);
    }

    /** A short excerpt of the relay's own error text, scrubbed of the secret. */
    private String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.hasNonNull("error")) {
                text = node.get("error").asText();
            }
        } catch (IOException ignored) {
            // not JSON: use the text as is
        }
        text = text.replace(settings.secret(), "<redacted>");
        if (text.length() > 200) {
            text = text.substring(0, 200) + "…";
        }
        return ": " + text;
    }

    private static Ticket parseTicket(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            String ticket = node.path("ticket").asText(null);
            String upload = node.path("upload_url").asText(null);
            String download = node.path("download_url").asText(null);
            String expires = node.path("expires_at").asText(null);
            if (ticket == null || upload == null || download == null) {
                throw new RelayException(RelayException.Reason.PROTOCOL, 201,
                        "relay's ticket answer lacks ticket, upload_url or download_url.", null);
            }
            return new Ticket(ticket, URI.create(upload), URI.create(download),
                    expires == null ? null : Instant.parse(expires));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new RelayException(RelayException.Reason.PROTOCOL, 201,
                    "relay's ticket answer is not the expected JSON.", null);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
