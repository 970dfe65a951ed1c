package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.bridge.protocol.Initialize;
import dev.exemux.bridge.protocol.Methods;
import dev.exemux.executor.ExecutorInfo.Capabilities;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.testing.CodexRelease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dialect each supported release gets, learned from what that release really answered (its recorded
 * {@code initialize}, and its recorded probe answers where it reports no capabilities), against the
 * release table in docs/exec-server.md ("The dialect, release by release").
 */
class DialectTest {

    static List<String> releases() {
        return CodexRelease.SUPPORTED;
    }

    /** The dialect the bridge learns from {@code release}'s recorded handshake. */
    static Dialect learned(String release) {
        Initialize.Result init = WireRecordings.initialize(release);
        return Dialect.learn(init, Dialect.needsProbes(init) ? probed(release) : null);
    }

    /** What the handshake probes find on {@code release}, from its recorded answers. */
    static Dialect.Probed probed(String release) {
        JsonNode p = WireRecordings.read(release, "probes");
        return HandshakeProbes.interpret(
                answer(p, "getMetadataPlainRoot", Methods.FS_GET_METADATA), answer(p, "getMetadataUriRoot", Methods.FS_GET_METADATA),
                answer(p, "readBlock", Methods.FS_READ_BLOCK), answer(p, "writeBlock", Methods.FS_WRITE_BLOCK),
                answer(p, "signal", Methods.PROCESS_SIGNAL), answer(p, "httpRequest", Methods.HTTP_REQUEST));
    }

    /** A recorded reply as the connection would hand it over: its result, or its error classified. */
    private static HandshakeProbes.Answer answer(JsonNode probes, String name, String method) {
        JsonNode reply = probes.get(name);
        return reply.has("error")
                ? new HandshakeProbes.Answer(null, ErrorShapes.OS_ERROR_TEXT.toException("x", method, reply.get("error"), SpawnErrors.MESSAGE_TEXT))
                : new HandshakeProbes.Answer(reply.get("result"), null);
    }

    static boolean atLeast(String release, String other) {
        return new CodexRelease(release, null).atLeast(other);
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void everyComponentIsTheOneTheReleaseTableGives(String release) {
        Dialect d = learned(release);
        assertEquals(!atLeast(release, "0.150.0"), Dialect.needsProbes(WireRecordings.initialize(release)), "probed only before 0.150");
        assertEquals(atLeast(release, "0.143.0") ? PathStyle.URI : PathStyle.PLAIN, d.paths(), "paths (0.140-0.142 take both; plain for 0.140's cwd)");
        assertEquals(atLeast(release, "0.142.0") ? ReadStrategy.BLOCKS : ReadStrategy.PROCESS_SLICES, d.reads(), "reads");
        assertEquals(atLeast(release, "0.161.0") ? WriteStrategy.BLOCKS : WriteStrategy.PARTS, d.writes(), "writes");
        assertEquals(atLeast(release, "0.140.0") ? Signals.PROCESS_SIGNAL : Signals.KILL_HELPER, d.signals(), "signals");
        assertEquals(atLeast(release, "0.140.0") ? Sizes.IN_REPLY : Sizes.FILLED_IN_BY_BRIDGE, d.sizes(), "sizes");
        assertEquals(ErrorShapes.OS_ERROR_TEXT, d.errors(), "error shapes");
        assertEquals(atLeast(release, "0.171.0") ? SpawnErrors.DATA_KIND : SpawnErrors.MESSAGE_TEXT, d.spawnErrors(), "spawn errors");
        long grace = !atLeast(release, "0.141.0") ? 10 : !atLeast(release, "0.166.0") ? 30 : 80;
        assertEquals(Duration.ofSeconds(grace), d.resume().duration(), "resume grace");
        assertEquals(new Offers(atLeast(release, "0.124.0"), atLeast(release, "0.124.0")), d.offers(), "piped stdin, http");
        assertEquals(new Capabilities(atLeast(release, "0.142.0"), atLeast(release, "0.161.0"), true,
                atLeast(release, "0.124.0"), atLeast(release, "0.124.0")), d.capabilities(), "what ExecutorInfo reports");
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void aTerminatedProcessExitsWith137(String release) {
        int reported = atLeast(release, "0.148.0") ? 137 : -1; // what the release reports after process/terminate
        ExitAfterTerminate exit = learned(release).exitAfterTerminate();
        assertEquals(137, exit.exitCode(reported, true));
        assertEquals(-1, exit.exitCode(-1, false), "a process nobody terminated keeps what the release said");
        assertEquals(3, exit.exitCode(3, true), "a process that exited by itself before the terminate keeps its code");
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void theRecordedNotFoundErrorIsClassifiedAsNotFound(String release) {
        Dialect d = learned(release);
        RemoteCallException e = assertInstanceOf(RemoteCallException.class,
                d.errors().toException("x", Methods.FS_GET_METADATA, WireRecordings.read(release, "errorNotFound"), d.spawnErrors()));
        assertEquals(RemoteCallException.Reason.NOT_FOUND, e.reason());
    }

    /** Where a release reports capabilities, what they say agrees with what the probes find there. */
    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void capabilitiesSayWhatTheProbesFind(String release) {
        Initialize.Result init = WireRecordings.initialize(release);
        if (Dialect.needsProbes(init)) {
            return; // nothing to compare: the probes are all it has
        }
        Dialect reported = Dialect.learn(init, null);
        Dialect found = Dialect.learn(new Initialize.Result(init.sessionId(), null), probed(release));
        assertEquals(List.of(found.paths(), found.reads(), found.writes(), found.signals(), found.sizes(), found.offers()),
                List.of(reported.paths(), reported.reads(), reported.writes(), reported.signals(), reported.sizes(), reported.offers()));
    }

    // ---- each component's decision

    @Test
    void aReleaseWithoutCapabilitiesCannotBeLearnedWithoutProbes() {
        assertThrows(IllegalArgumentException.class, () -> Dialect.learn(new Initialize.Result("s", null), null));
    }

    @Test
    void probesDecideEachComponentByTheirOwnAnswer() {
        Dialect.Probed none = new Dialect.Probed(PathStyle.PLAIN, false, false, false, false, false);
        Dialect old = Dialect.learn(new Initialize.Result("s", null), none);
        Dialect all = Dialect.learn(new Initialize.Result("s", null), new Dialect.Probed(PathStyle.URI, true, true, true, true, true));
        assertEquals(List.of(PathStyle.PLAIN, ReadStrategy.PROCESS_SLICES, WriteStrategy.PARTS, Signals.KILL_HELPER, Sizes.FILLED_IN_BY_BRIDGE,
                new Offers(false, false), SessionGrace.SHORT),
                List.of(old.paths(), old.reads(), old.writes(), old.signals(), old.sizes(), old.offers(), old.resume()));
        assertEquals(List.of(PathStyle.URI, ReadStrategy.BLOCKS, WriteStrategy.BLOCKS, Signals.PROCESS_SIGNAL, Sizes.IN_REPLY,
                new Offers(true, true), SessionGrace.MIDDLE),
                List.of(all.paths(), all.reads(), all.writes(), all.signals(), all.sizes(), all.offers(), all.resume()));
        // Neither can tell 0.148 from 0.147: -1 after a terminate is read as killed either way.
        assertEquals(ExitAfterTerminate.MINUS_ONE, all.exitAfterTerminate());
    }

    @Test
    void withoutFileWriteStreamingACapableReleaseWritesInParts() throws Exception {
        Initialize.Result newest = WireRecordings.initialize(CodexRelease.NEW);
        JsonNode caps = WireRecordings.read(CodexRelease.NEW, "initialize").path("environmentInfo").path("capabilities");
        ((com.fasterxml.jackson.databind.node.ObjectNode) caps).put(Initialize.FILE_WRITE_STREAMING, false);
        Initialize.EnvironmentInfo env = newest.environmentInfo();
        Dialect d = Dialect.learn(new Initialize.Result("s", new Initialize.EnvironmentInfo(
                env.executorVersion(), env.platformOs(), env.cwd(), env.userHomeDir(), env.shell(), caps)), null);
        assertEquals(WriteStrategy.PARTS, d.writes());
        assertEquals(ReadStrategy.BLOCKS, d.reads());
    }

    @Test
    void theReleaseProbedAnswersTellPathsAndSizes() {
        HandshakeProbes.Answer ok = new HandshakeProbes.Answer(WireRecordings.JSON.createObjectNode().put("isDirectory", true), null);
        HandshakeProbes.Answer sized = new HandshakeProbes.Answer(WireRecordings.JSON.createObjectNode().put("size", 4096), null);
        HandshakeProbes.Answer refused = new HandshakeProbes.Answer(null,
                new RemoteCallException("x", RemoteCallException.Reason.INVALID_ARGUMENT, -32602, "invalid URI"));
        HandshakeProbes.Answer absent = new HandshakeProbes.Answer(null,
                new dev.exemux.executor.UnsupportedByExecutorException("x", "no such method"));
        Dialect.Probed p = HandshakeProbes.interpret(ok, refused, refused, absent, ok, refused);
        assertEquals(new Dialect.Probed(PathStyle.PLAIN, false, true, false, true, true), p, "an error other than -32601 means the method exists");
        assertEquals(PathStyle.URI, HandshakeProbes.interpret(refused, sized, absent, absent, absent, absent).paths());
        assertTrue(HandshakeProbes.interpret(refused, sized, absent, absent, absent, absent).sizes());
        HandshakeProbes.Answer dropped = new HandshakeProbes.Answer(null,
                new dev.exemux.executor.ConnectionLostException("x", "dropped", null));
        assertThrows(dev.exemux.executor.ConnectionLostException.class,
                () -> HandshakeProbes.interpret(ok, refused, dropped, absent, absent, absent), "a lost connection is no answer");
    }

    @Test
    void sizesAreFilledInWhereTheReplyHasNone() {
        dev.exemux.executor.FileMetadata sized = new dev.exemux.executor.FileMetadata(false, true, false, 6, 1);
        dev.exemux.executor.FileMetadata unsized = new dev.exemux.executor.FileMetadata(false, true, false, -1, 1);
        assertEquals(List.of(false, true), List.of(Sizes.IN_REPLY.bridgeFillsIn(sized), Sizes.IN_REPLY.bridgeFillsIn(unsized)));
        assertEquals(List.of(true, true), List.of(Sizes.FILLED_IN_BY_BRIDGE.bridgeFillsIn(sized), Sizes.FILLED_IN_BY_BRIDGE.bridgeFillsIn(unsized)));
    }

    @Test
    void onlyProcessStartErrorsAreClassifiedByTheirKindAndOnlyWhereTheReleaseGivesOne() throws Exception {
        JsonNode error = WireRecordings.JSON.readTree(
                "{\"code\":-32603,\"data\":{\"kind\":\"spawnPermissionDenied\"},\"message\":\"spawn failed\"}");
        assertEquals(java.util.Optional.of(RemoteCallException.Reason.PERMISSION_DENIED), SpawnErrors.DATA_KIND.reason(Methods.PROCESS_START, error));
        assertEquals(java.util.Optional.empty(), SpawnErrors.DATA_KIND.reason(Methods.FS_READ_FILE, error));
        assertEquals(java.util.Optional.empty(), SpawnErrors.MESSAGE_TEXT.reason(Methods.PROCESS_START, error));
        assertEquals(java.util.Optional.empty(), SpawnErrors.DATA_KIND.reason(Methods.PROCESS_START,
                WireRecordings.JSON.readTree("{\"code\":-32603,\"data\":{\"kind\":\"spawnFailed\"},\"message\":\"x\"}")));
    }

    @Test
    void aVersionDecidesOnlyGraceAndSpawnErrors() {
        Initialize.Result newest = WireRecordings.initialize(CodexRelease.NEW);
        Initialize.EnvironmentInfo env = newest.environmentInfo();
        Dialect unversioned = Dialect.learn(new Initialize.Result("s", new Initialize.EnvironmentInfo(
                null, env.platformOs(), env.cwd(), env.userHomeDir(), env.shell(), env.capabilities())), null);
        Dialect versioned = Dialect.learn(newest, null);
        // 0.150-0.153 report capabilities but no version: the middle grace and the text, as those releases need.
        assertEquals(SessionGrace.MIDDLE, unversioned.resume());
        assertEquals(SpawnErrors.MESSAGE_TEXT, unversioned.spawnErrors());
        assertEquals(new Dialect(versioned.paths(), versioned.reads(), versioned.writes(), versioned.signals(), versioned.exitAfterTerminate(),
                versioned.sizes(), versioned.errors(), SpawnErrors.MESSAGE_TEXT, SessionGrace.MIDDLE, versioned.offers()), unversioned);
    }
}
