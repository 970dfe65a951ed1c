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
import okhttp3.OkHttpClient;

/** What every executor of one pool shares: the HTTP client, JSON mapper, timer and resilience policy. */
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
                // Releases up to 0.130 drop a connection that offers permessage-deflate, and OkHttp always
                // offers it; only an application interceptor can take the header off (docs/libraries.md).
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .removeHeader("Sec-WebSocket-Extensions").build()))
                .socketFactory(new PromptAcks())
                .connectTimeout(settings.dialTimeout())
                // An idle session must stay up: pings, not a read timeout, detect dead peers (the
                // upgrade itself is bounded by the dial deadline).
                .readTimeout(java.time.Duration.ZERO)
                .writeTimeout(settings.callTimeout())
                .pingInterval(settings.pingInterval());
        // Upgrades are ordinary calls to the dispatcher: with its default of 5 per host, one slow
        // executor behind a gateway would hold up dials to every other.
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequestsPerHost(1024);
        dispatcher.setMaxRequests(1024);
        b.dispatcher(dispatcher);
        this.http = b.build();
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
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
