package dev.exemux.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.executor.ExecutorException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import dev.exemux.bridge.websocket.ClientWebSocket;
import dev.exemux.executor.Limits;
import java.util.List;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** What every executor of one pool shares: the HTTP client, frame writers, JSON mapper, timer and resilience policy. */
final class PoolResources {

    private final BridgeSettings settings;
    private final OkHttpClient http;
    // fs/readFile replies carry whole files as one base64 string: Jackson's default 20 M-char cap
    // would reject any file past ~15 MiB.
    private final ObjectMapper json = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build());
    private final ScheduledExecutorService timer;
    /** Writes the connections' frames, one task per connection with frames waiting. */
    private final ExecutorService writers;
    private final ClientWebSocket.Options socketOptions;
    private final RetryConfig retryConfig;
    private final CircuitBreakerConfig breakerConfig;

    /** How long an executor's circuit breaker stays open after repeated dial failures. */
    static final Duration BREAKER_PAUSE = Duration.ofSeconds(15);

    private final Duration breakerPause;

    PoolResources(BridgeSettings settings) {
        this(settings, BREAKER_PAUSE);
    }

    PoolResources(BridgeSettings settings, Duration breakerPause) {
        this.settings = settings;
        this.breakerPause = breakerPause;
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, r -> {
            Thread th = new Thread(r, "exemux-bridge-timer-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                // An upgrade has no meaning on HTTP/2: a wss:// gateway must not be asked for it by ALPN.
                .protocols(List.of(Protocol.HTTP_1_1))
                .socketFactory(new PromptAcks())
                .connectTimeout(settings.dialTimeout())
                // An idle session must stay up: pings, not a read timeout, detect dead peers (the
                // upgrade itself is bounded by the dial deadline).
                .readTimeout(java.time.Duration.ZERO)
                .writeTimeout(settings.callTimeout());
        // Upgrades are ordinary calls to the dispatcher, whose thread then reads the connection's frames:
        // with its default of 5 per host, one slow executor behind a gateway would hold up every other.
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequestsPerHost(1024);
        dispatcher.setMaxRequests(1024);
        b.dispatcher(dispatcher);
        this.http = b.build();
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread th = new Thread(r, "exemux-bridge-writer-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        this.socketOptions = new ClientWebSocket.Options(settings.pingInterval(), settings.callTimeout(), Limits.PEER_MESSAGE);
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2.0, 0.5))
                .retryOnException(e -> unwrap(e) instanceof ExecutorException ee && ee.retryable())
                .failAfterMaxAttempts(false)
                .build();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(3)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(100)
                .waitDurationInOpenState(breakerPause())
                .permittedNumberOfCallsInHalfOpenState(1)
                // Wrong token or unknown id are answers, not outages: they must not open the breaker.
                .recordException(e -> unwrap(e) instanceof ExecutorException ee && ee.retryable())
                .build();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    Duration breakerPause() {
        return breakerPause;
    }

    BridgeSettings settings() {
        return settings;
    }

    OkHttpClient http() {
        return http;
    }

    ExecutorService writers() {
        return writers;
    }

    ClientWebSocket.Options socketOptions() {
        return socketOptions;
    }

    ObjectMapper json() {
        return json;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    String token() {
        return settings.token();
    }

    Retry retryFor(String exeId) {
        return Retry.of("dial-" + exeId, retryConfig);
    }

    CircuitBreaker breakerFor(String exeId) {
        return CircuitBreaker.of("executor-" + exeId, breakerConfig);
    }

    void close() {
        // Not shutdownNow: delayed tasks already queued (the socket cancel after a close that the peer
        // never answers, deadlines of calls still winding down) must still run; new ones are refused.
        timer.shutdown();
        writers.shutdown(); // after the close frames already handed to it
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
