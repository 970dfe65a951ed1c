package dev.exemux.bridge;

import static dev.exemux.bridge.Outcomes.closedPort;
import static dev.exemux.bridge.Outcomes.failure;
import static dev.exemux.bridge.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.AuthenticationException;
import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorForbiddenException;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.UnknownExecutorException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults a real peer cannot make on demand, played by a scripted peer on MockWebServer: refused
 * upgrades, refused connections, drops mid-call, silence, malformed and oversized frames, deflate
 * offers, repeated dial failures. Each ends in a distinct, actionable error, never a hang.
 */
class FaultTest {

    static final String TOKEN = "tok-SECRET-4242";
    /** Far above a handshake with the fake peer, also on a loaded machine; the stall tests wait it out. */
    static final Duration DIAL = Duration.ofSeconds(5);
    static final Duration CALL = Duration.ofSeconds(1);

    FakePeer peer;
    ExecutorPool pool;

    @BeforeEach
    void startPeer() {
        peer = FakePeer.start();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        peer.close();
    }

    ExecutorPool gatewayPool() {
        pool = new ExecutorPool(BridgeSettings.of(URI.create(peer.bridgeUrl()), TOKEN, Map.of())
                .withTimeouts(DIAL, CALL).withPingInterval(Duration.ZERO));
        return pool;
    }

    ExecutorPool directPool(String url) {
        return directPool(url, CALL);
    }

    /** Large payloads take a while to encode and send on a busy machine: give those tests room. */
    ExecutorPool directPool(String url, Duration callTimeout) {
        pool = new ExecutorPool(BridgeSettings.of(null, TOKEN, Map.of("exe", URI.create(url)))
                .withTimeouts(DIAL, callTimeout).withPingInterval(Duration.ZERO));
        return pool;
    }

    /** Message and every cause's text: where a leaked secret would show. */
    static String everything(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }

    // ---- the upgrade ----

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(401, AuthenticationException.class, "EXEMUX_TOKEN"),
                Arguments.of(403, ExecutorForbiddenException.class, "not part of this workspace"),
                Arguments.of(404, UnknownExecutorException.class, "Check the exe_id"),
                Arguments.of(503, ExecutorOfflineException.class, "offline"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @MethodSource("refusals")
    void eachRefusedUpgradeIsItsOwnActionableErrorWithoutTheToken(int status, Class<? extends ExecutorException> type, String hint) {
        peer.refuseAll(status);
        Executor exe = gatewayPool().resolve("build-box");
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(10));
        assertInstanceOf(type, error, everything(error));
        String message = error.getMessage();
        assertTrue(message.contains("'build-box'"), message);
        assertTrue(message.contains("HTTP " + status), message);
        assertTrue(message.contains(hint), message);
        assertFalse(everything(error).contains(TOKEN), "the token leaked: " + everything(error));
        assertEquals("Bearer " + TOKEN, peer.upgradeRequests().get(0).getHeaders().get("Authorization"));
        assertEquals("/bridge/build-box", peer.upgradeRequests().get(0).getUrl().encodedPath());
        // A wrong token or an unknown id is an answer, not an outage: asking again would not help.
        assertEquals(status == 503 ? 3 : 1, peer.requestCount(), "upgrade attempts");
        // An id the gateway does not know is not kept as "seen"; the others are listed as failing.
        List<dev.exemux.executor.ExecutorStatus> listed = pool.list();
        if (status == 404) {
            assertEquals(List.of(), listed);
        } else {
            assertEquals(1, listed.size());
            assertEquals(dev.exemux.executor.ExecutorStatus.State.FAILING, listed.get(0).state());
            assertEquals(message, listed.get(0).lastError());
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {403, 404})
    void inDirectModeARefusalNamesTheUrlThatAnsweredNotAGateway(int status) {
        peer.refuseAll(status);
        Executor exe = directPool(peer.url()).resolve("exe");
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(30));
        String message = error.getMessage();
        assertFalse(message.toLowerCase(java.util.Locale.ROOT).contains("gateway"), message);
        assertTrue(message.contains(peer.url()) && message.contains("answered HTTP " + status)
                && message.contains("EXEMUX_EXECUTORS"), message);
        assertEquals(1, peer.requestCount(), "an answer, not an outage: not retried");
        // The configured id stays listed, as failing with that error, not as idle.
        assertEquals(List.of(new dev.exemux.executor.ExecutorStatus("exe", dev.exemux.executor.ExecutorStatus.State.FAILING,
                message, null)), pool.list());
    }

    @Test
    void aConnectionRefusedIsAnOfflineErrorThatSaysWhatToCheck() {
        Executor exe = directPool("ws://127.0.0.1:" + closedPort()).resolve("exe");
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(10));
        assertInstanceOf(ExecutorOfflineException.class, error, everything(error));
        assertTrue(error.getMessage().contains("Could not connect to executor 'exe'"), error.getMessage());
        assertTrue(error.getMessage().contains("running and reachable"), error.getMessage());
        assertFalse(everything(error).contains(TOKEN));
    }

    @Test
    void deflateOffersNeverReachThePeer() {
        peer.dropDeflateOffers();
        Executor exe = directPool(peer.url()).resolve("exe");
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(1, peer.requestCount());
        assertNull(peer.upgradeRequests().get(0).getHeaders().get("Sec-WebSocket-Extensions"));
        assertEquals("Bearer " + TOKEN, peer.upgradeRequests().get(0).getHeaders().get("Authorization"));
    }

    @Test
    void aFailedFirstDialIsRetried() {
        peer.refuseNext(FakePeer.refusal(503));
        Executor exe = directPool(peer.url()).resolve("exe");
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(2, peer.requestCount());
        assertEquals(1, peer.accepted());
    }

    @Test
    void repeatedDialFailuresOpenTheBreakerSoCallsFailFast() {
        peer.refuseAll(503);
        Executor exe = directPool(peer.url()).resolve("exe");
        for (int i = 0; i < 3; i++) {
            Throwable error = failure(exe.stat("/"), Duration.ofSeconds(10));
            assertInstanceOf(ExecutorOfflineException.class, error);
            assertTrue(error.getMessage().contains("HTTP 503"), error.getMessage());
        }
        int requests = peer.requestCount();
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(10));
        assertInstanceOf(ExecutorOfflineException.class, error);
        assertTrue(error.getMessage().contains("paused for 15 s"), error.getMessage());
        assertTrue(error.getMessage().contains("HTTP 503"), "says what went wrong last: " + error.getMessage());
        // Failing fast is not dialing: counted, not timed.
        assertEquals(requests, peer.requestCount(), "no dial while paused");
        Throwable again = failure(exe.stat("/"), Duration.ofSeconds(10));
        assertEquals(error.getMessage(), again.getMessage(), "the message stays the same while paused");
        assertEquals(dev.exemux.executor.ExecutorStatus.State.FAILING, exe.status().state());
    }

    @Test
    void anExecutorThatComesBackIsUsableOnceThePauseIsOver() throws Exception {
        peer.refuseAll(503);
        pool = new ExecutorPool(BridgeSettings.of(null, TOKEN, Map.of("exe", URI.create(peer.url())))
                .withTimeouts(DIAL, CALL).withPingInterval(Duration.ZERO), Duration.ofMillis(500));
        Executor exe = pool.resolve("exe");
        for (int i = 0; i < 3; i++) {
            failure(exe.stat("/"), Duration.ofSeconds(10));
        }
        Throwable paused = failure(exe.stat("/"), Duration.ofSeconds(30));
        assertTrue(paused.getMessage().contains("paused for 500 ms"), paused.getMessage());
        peer.refuseAll(0); // back online
        // Calls fail fast until the pause is over, then one gets through.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.concurrent.CompletableFuture<dev.exemux.executor.FileMetadata> stat = exe.stat("/");
        while (Outcomes.failsWithin(stat, Duration.ofSeconds(30))) {
            assertTrue(System.nanoTime() < until, "still paused after 60 s");
            Thread.sleep(50);
            stat = exe.stat("/");
        }
        assertTrue(value(stat).isDirectory());
        assertEquals(dev.exemux.executor.ExecutorStatus.State.CONNECTED, exe.status().state());
        assertNull(exe.status().lastError());
    }

    @Test
    void aPeerThatNeverCompletesTheHandshakeFailsTheDial() {
        peer.on("initialize", FakePeer.SILENCE);
        Executor exe = directPool(peer.url()).resolve("exe");
        long start = System.nanoTime();
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(15));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(ExecutorOfflineException.class, error, everything(error));
        assertTrue(error.getMessage().contains("did not complete the connection within " + DIAL.toSeconds() + " s"), error.getMessage());
        // Three attempts of 2 s each, with backoff, would take over 6.6 s: the bound is the whole connect's.
        assertTrue(ms < 3 * DIAL.toMillis(), "the dial timeout bounds the whole connect, retries included: " + ms + " ms");
    }

    @Test
    void anUpgradeNobodyAnswersFailsTheDialInTime() {
        peer.refuseNext(new mockwebserver3.MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
        Executor exe = directPool(peer.url()).resolve("exe");
        long start = System.nanoTime();
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(15));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(ExecutorOfflineException.class, error, everything(error));
        assertTrue(ms < 3 * DIAL.toMillis(), "bounded by the dial timeout, retries included: " + ms + " ms");
        // The next use dials afresh and gets through.
        assertTrue(value(exe.stat("/")).isDirectory());
    }

    /**
     * A black hole that swallows process/start's reply (the command may well run): the start returns the
     * process once the executor is found silent, its state unknown to the listener, instead of an error
     * when the connection is given up, which would invite starting the command twice.
     */
    @Test
    void aStartWhoseReplyIsSwallowedReturnsTheProcessOnceTheExecutorIsSilent() {
        peer.on("process/start", FakePeer.SILENCE);
        assertAStartOnASilentExecutorReturnsTheProcess();
    }

    /**
     * The peer streams the launcher's start token before it answers process/start, and the silence then
     * swallows the answer: the command is known to run, so the start returns it once the executor is found
     * silent, rather than failing when the connection is given up.
     */
    @Test
    void aStartWhoseReplyIsSwallowedAfterItsFirstOutputReturnsTheProcessOnceTheExecutorIsSilent() {
        peer.on("process/start", (params, ws) -> {
            String marker = params.path("argv").path(3).asText();
            String token = Base64.getEncoder().encodeToString((marker + "s4242;").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ws.send("{\"method\":\"process/output\",\"params\":{\"processId\":\"" + params.path("processId").asText()
                    + "\",\"seq\":1,\"stream\":\"stdout\",\"chunk\":\"" + token + "\"}}");
            return null;
        });
        assertAStartOnASilentExecutorReturnsTheProcess();
    }

    /** Starts a command on the peer, which answers nothing more after process/start: the start returns it, silent. */
    private void assertAStartOnASilentExecutorReturnsTheProcess() {
        peer.on("process/read", FakePeer.SILENCE);
        Executor exe = directPool(peer.url(), Duration.ofSeconds(120)).resolve("exe");
        value(exe.describe());
        List<Duration> silences = new CopyOnWriteArrayList<>();
        Recorder r = new Recorder() {
            @Override
            public void onExecutorSilence(Duration silentFor) {
                silences.add(silentFor);
            }
        };
        ProcessHandle h = value(exe.start(new ProcessSpec(List.of("sleep", "100"), "/", Map.of(), false, false), r));
        assertFalse(silences.isEmpty(), "the caller learns the executor is silent");
        assertTrue(silences.get(0).compareTo(Liveness.SILENT_AFTER) >= 0, "silent for " + silences.get(0));
        assertFalse(h.exit().isDone(), "not reported ended: nobody knows");
    }

    // ---- calls on a live connection ----

    @Test
    void aDropMidCallIsConnectionLostAndTheNextCallRedials() {
        // A deadline the drop cannot be mistaken for: a lost connection, not a deadline, ends the call.
        Executor exe = directPool(peer.url(), Duration.ofMinutes(5)).resolve("exe");
        value(exe.describe());
        peer.on("fs/readFile", FakePeer.DROP);
        Throwable error = failure(exe.readFile("/etc/hosts"), Duration.ofSeconds(60));
        assertInstanceOf(ConnectionLostException.class, error, everything(error));
        assertTrue(error.getMessage().contains("'exe'") && error.getMessage().contains("retry"), error.getMessage());
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(2, peer.accepted());
    }

    @Test
    void aPeerThatNeverAnswersHitsTheCallDeadline() {
        Executor exe = directPool(peer.url()).resolve("exe");
        value(exe.describe());
        peer.on("fs/readFile", FakePeer.SILENCE);
        long start = System.nanoTime();
        Throwable error = failure(exe.readFile("/etc/hosts"), CALL.plusSeconds(30));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(DeadlineExceededException.class, error, everything(error));
        assertTrue(error.getMessage().contains("fs/readFile") && error.getMessage().contains("1000 ms"), error.getMessage());
        assertTrue(ms >= CALL.toMillis() - 50, "not before its deadline: " + ms + " ms");
        // One silent call does not condemn the connection.
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(1, peer.accepted());
    }

    @Test
    void malformedFramesAreIgnoredAndTheConnectionStaysUsable() {
        Executor exe = directPool(peer.url()).resolve("exe");
        value(exe.describe());
        peer.on("fs/readFile", (params, ws) -> {
            ws.send("this is not json {");
            ws.send("[1,2,3]");
            ws.send("\"a bare string\"");
            ws.send("{\"id\":987654,\"result\":{}}");
            ws.send("{\"id\":-1,\"error\":{\"code\":-32600,\"message\":\"failed to parse websocket JSON-RPC message\"}}");
            ws.send("{\"id\":\"not-ours\",\"result\":{}}");
            ws.send("{\"method\":\"process/output\",\"params\":{\"processId\":\"nobody\",\"seq\":1,\"chunk\":\"eA==\"}}");
            ws.send("{\"method\":\"something/unknown\"}");
            ws.send(okio.ByteString.of((byte) 0xff, (byte) 0xfe, (byte) 0x00));
            return FakePeer.JSON.createObjectNode().put("dataBase64", Base64.getEncoder().encodeToString("hello".getBytes()));
        });
        assertEquals("hello", new String(value(exe.readFile("/x"))));
        assertEquals("hello", new String(value(exe.readFile("/x"))));
        assertTrue(value(exe.stat("/")).isDirectory());
        assertEquals(1, peer.accepted(), "no reconnect was needed");
    }

    @ParameterizedTest(name = "streamed write: {0}")
    @ValueSource(booleans = {false, true})
    void aLargeWriteGoesOutInPiecesBelowTheFrameLimit(boolean streamedWrite) {
        List<Integer> pieces = new CopyOnWriteArrayList<>();
        if (streamedWrite) {
            peer.withStreamedWrite();
            FakePeer.Answer blocks = (params, ws) -> {
                if (!"exemux-probe".equals(params.path("handleId").asText())) {
                    pieces.add(Base64.getDecoder().decode(params.path("chunk").asText()).length);
                    return FakePeer.JSON.createObjectNode();
                }
                throw new FakePeer.RpcError(-32004, "unknown file (write) handle");
            };
            peer.on("fs/writeBlock", blocks);
        } else {
            peer.on("fs/writeFile", (params, ws) -> {
                pieces.add(Base64.getDecoder().decode(params.path("dataBase64").asText()).length);
                return FakePeer.JSON.createObjectNode();
            });
        }
        Executor exe = directPool(peer.url(), Duration.ofSeconds(20)).resolve("exe");
        int size = 20 * 1024 * 1024;
        value(exe.writeFile("/tmp/big.bin", new byte[size]));
        assertEquals(size, pieces.stream().mapToLong(Integer::longValue).sum(), "every byte sent once");
        assertTrue(pieces.size() > 1, "split: " + pieces);
        assertTrue(peer.largestMessage() < 16L * 1024 * 1024, "largest frame " + peer.largestMessage());
        assertEquals(1, peer.accepted(), "no frame made the peer hang up");
    }

    @Test
    void concurrentLargeWritesShareTheConnectionWithoutOverflowingItsSendQueue() {
        List<Integer> pieces = new CopyOnWriteArrayList<>();
        peer.on("fs/writeFile", (params, ws) -> {
            pieces.add(Base64.getDecoder().decode(params.path("dataBase64").asText()).length);
            return FakePeer.JSON.createObjectNode();
        });
        Executor exe = directPool(peer.url(), Duration.ofSeconds(60)).resolve("exe");
        value(exe.describe());
        // Each is one ~11 MB message; OkHttp closes the socket when more than 16 MiB wait to be sent.
        List<CompletableFuture<Void>> writes = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> exe.writeFile("/tmp/f" + i, new byte[RemoteExecutor.MAX_PIECE])).toList();
        writes.forEach(Outcomes::value);
        assertEquals(4, pieces.size());
        assertEquals(1, peer.accepted(), "the connection was never dropped");
    }

    @Test
    void largeStdinGoesOutInPiecesBelowTheFrameLimit() {
        List<Integer> pieces = new CopyOnWriteArrayList<>();
        peer.on("process/start", FakePeer::runningProcess);
        peer.on("process/write", (params, ws) -> {
            pieces.add(Base64.getDecoder().decode(params.path("chunk").asText()).length);
            return FakePeer.JSON.createObjectNode().put("status", "accepted");
        });
        Executor exe = directPool(peer.url(), Duration.ofSeconds(20)).resolve("exe");
        ProcessHandle p = value(exe.start(new ProcessSpec(List.of("cat"), null, Map.of(), false, true), new Recorder()));
        int size = 20 * 1024 * 1024;
        value(p.write(new byte[size]));
        assertEquals(size, pieces.stream().mapToLong(Integer::longValue).sum());
        assertTrue(pieces.size() > 1, "split: " + pieces);
        assertTrue(peer.largestMessage() < 16L * 1024 * 1024, "largest frame " + peer.largestMessage());
    }

    // ---- resume after a drop ----

    /** initialize answers that resume {@code fake-session} (after {@code refusals} "already attached" refusals), or start it. */
    static FakePeer.Answer resumable(List<String> resumeIds, int alreadyAttachedRefusals) {
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        return (params, ws) -> {
            String resume = params.path("resumeSessionId").asText(null);
            resumeIds.add(String.valueOf(resume));
            if (resume != null && refused.getAndIncrement() < alreadyAttachedRefusals) {
                throw new FakePeer.RpcError(-32010, "session " + resume + " is already attached to another connection");
            }
            return FakePeer.JSON.readTree("{\"sessionId\":\"fake-session\",\"environmentInfo\":{\"cwd\":\"file:///tmp\"}}");
        };
    }

    @Test
    void aResumedSessionCatchesUpOnWhatTheProcessDidMeanwhile() {
        List<String> resumeIds = new CopyOnWriteArrayList<>();
        peer.on("initialize", resumable(resumeIds, 1));
        peer.on("process/start", FakePeer::runningProcess);
        peer.on("process/read", (params, ws) -> {
            // What the process did while the client was away (after the launcher's start token, seq 1): output on both
            // streams, exit 4, closed.
            com.fasterxml.jackson.databind.node.ObjectNode read = (com.fasterxml.jackson.databind.node.ObjectNode) FakePeer.JSON.readTree("""
                    {"chunks":[{"seq":2,"stream":"stdout","chunk":"aGVsbG8g"},{"seq":3,"stream":"stderr","chunk":"b29wcw=="},
                     {"seq":4,"stream":"stdout","chunk":"d29ybGQ="}],"nextSeq":7,"exited":true,"exitCode":4,"closed":true}""");
            long after = params.path("afterSeq").asLong(0);
            read.withArray("chunks").removeIf(c -> c.path("seq").asLong() <= after);
            return read;
        });
        ExecutorPool p = directPool(peer.url());
        Recorder r = new Recorder();
        value(p.resolve("exe").start(new ProcessSpec(List.of("long-job"), null, Map.of(), false, false), r));
        p.abortConnection("exe");
        dev.exemux.executor.ProcessExit exit = value(r.exit);
        assertEquals(4, exit.exitCode(), String.valueOf(exit.failure()));
        assertEquals("hello world", r.out());
        assertEquals("oops", r.err());
        // First dial, a resume refused as "already attached" (the peer had not noticed the drop yet), its retry.
        assertEquals(List.of("null", "fake-session", "fake-session"), resumeIds);
    }

    @Test
    void aSessionThePeerForgotEndsItsProcessesWithAClearFailure() {
        List<String> resumeIds = new CopyOnWriteArrayList<>();
        peer.on("initialize", (params, ws) -> {
            String resume = params.path("resumeSessionId").asText(null);
            resumeIds.add(String.valueOf(resume));
            if (resume != null) {
                throw new FakePeer.RpcError(-32600, "unknown session id " + resume);
            }
            return FakePeer.JSON.readTree("{\"sessionId\":\"session-" + resumeIds.size() + "\",\"environmentInfo\":{\"cwd\":\"file:///tmp\"}}");
        });
        peer.on("process/start", FakePeer::runningProcess);
        ExecutorPool p = directPool(peer.url());
        Executor exe = p.resolve("exe");
        Recorder r = new Recorder();
        value(exe.start(new ProcessSpec(List.of("long-job"), null, Map.of(), false, false), r));
        p.abortConnection("exe");
        dev.exemux.executor.ProcessExit exit = value(r.exit);
        assertTrue(exit.isLost());
        assertTrue(exit.failure().contains("no longer knows the session") && exit.failure().contains("may still be running"),
                exit.failure());
        assertEquals("session-3", value(exe.describe()).sessionId(), "a fresh session serves the next calls");
        assertEquals(List.of("null", "session-1", "null"), resumeIds);
    }

    // ---- the pool ----

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a b", "é", "a?b", "a%2Fb", ".", ".."})
    void invalidExeIdsAreRefusedBeforeAnyDial(String exeId) {
        ExecutorPool p = gatewayPool();
        UnknownExecutorException e = assertThrows(UnknownExecutorException.class, () -> p.resolve(exeId));
        assertTrue(e.getMessage().startsWith("Invalid exe_id"), e.getMessage());
        assertEquals(0, peer.requestCount());
    }

    @Test
    void anExeIdLongerThan128CharactersIsRefusedBeforeAnyDial() {
        ExecutorPool p = gatewayPool();
        assertDoesNotThrow(() -> p.resolve("a".repeat(128)));
        UnknownExecutorException e = assertThrows(UnknownExecutorException.class, () -> p.resolve("a".repeat(129)));
        assertTrue(e.getMessage().contains("longer than 128"), e.getMessage());
        assertThrows(UnknownExecutorException.class, () -> p.resolve(null));
        assertEquals(0, peer.requestCount());
    }

    @Test
    void closingThePoolIsIdempotentAndLaterCallsFailCleanly() {
        ExecutorPool p = directPool(peer.url());
        Executor exe = p.resolve("exe");
        value(exe.stat("/"));
        p.close();
        assertDoesNotThrow(p::close);
        Throwable error = failure(exe.stat("/"), Duration.ofSeconds(2));
        assertInstanceOf(ExecutorException.class, error);
        assertTrue(error.getMessage().contains("shutting down"), error.getMessage());
        ExecutorException refused = assertThrows(ExecutorException.class, () -> p.resolve("exe"));
        assertTrue(refused.getMessage().contains("shutting down"), refused.getMessage());
        assertEquals(1, peer.accepted());
    }

    @Test
    void closingThePoolDuringADialEndsTheWaitingCall() {
        CompletableFuture<Void> initializeSeen = new CompletableFuture<>();
        peer.on("initialize", (params, ws) -> {
            initializeSeen.complete(null);
            return null;
        });
        ExecutorPool p = directPool(peer.url());
        CompletableFuture<?> call = p.resolve("exe").stat("/");
        value(initializeSeen);
        p.close();
        Throwable error = failure(call, Duration.ofSeconds(3));
        assertInstanceOf(ExecutorException.class, error, everything(error));
    }
}
