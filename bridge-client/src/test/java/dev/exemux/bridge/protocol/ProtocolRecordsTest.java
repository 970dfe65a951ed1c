package dev.exemux.bridge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.bridge.WireRecordings;
import dev.exemux.testing.CodexRelease;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protocol records read what every supported release really answers: replies recorded from each
 * release by {@link WireRecorder} into {@code src/test/resources/wire/<release>/}. A release added to
 * {@code codex-releases.txt} without a recording fails here, until it is recorded.
 */
class ProtocolRecordsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> releases() {
        return CodexRelease.SUPPORTED;
    }

    static JsonNode recorded(String release, String name) {
        return WireRecordings.read(release, name);
    }

    static boolean atLeast(String release, String other) {
        return new CodexRelease(release, null).atLeast(other);
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void initializeGivesTheSessionAndFromOneFiftyTheEnvironment(String release) throws Exception {
        Initialize.Result r = JSON.treeToValue(recorded(release, "initialize"), Initialize.Result.class);
        assertNotNull(r.sessionId());
        assertEquals(atLeast(release, "0.150.0"), r.environmentInfo() != null);
        if (r.environmentInfo() != null) {
            assertTrue(r.environmentInfo().reportsCapabilities(), "capabilities come with environmentInfo");
            assertEquals(atLeast(release, "0.165.0"), r.environmentInfo().capability(Initialize.FILE_WRITE_STREAMING), "fileWriteStreaming");
        }
        if (atLeast(release, "0.155.0")) {
            assertEquals(release, r.environmentInfo().executorVersion());
            assertEquals("linux", r.environmentInfo().platformOs());
            assertTrue(r.environmentInfo().cwd().startsWith("file://"), r.environmentInfo().cwd());
        }
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void metadataHasLinksFromOneTwentyOneAndSizesFromOneForty(String release) throws Exception {
        JsonNode raw = recorded(release, "getMetadata");
        Fs.Metadata m = JSON.treeToValue(raw, Fs.Metadata.class);
        assertTrue(m.isFile() && !m.isDirectory() && !m.isSymlink());
        assertEquals(atLeast(release, "0.121.0"), raw.has("isSymlink"));
        assertEquals(atLeast(release, "0.140.0") ? Long.valueOf(6) : null, m.size());
        assertTrue(m.modifiedAtMs() > 0);
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void aDirectoryListsBareNamesWithTheirTypes(String release) throws Exception {
        Fs.Directory d = JSON.treeToValue(recorded(release, "readDirectory"), Fs.Directory.class);
        List<String> seen = new ArrayList<>();
        for (Fs.Entry e : d.entries()) {
            seen.add(e.fileName() + (e.isDirectory() ? "/" : e.isFile() ? "" : "?"));
        }
        seen.sort(null);
        assertEquals(List.of("file.txt", "sub/"), seen);
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void aMissingPathIsTheNotFoundErrorWithItsOsText(String release) throws Exception {
        JsonNode error = recorded(release, "errorNotFound");
        assertEquals(-32004, error.path("code").asInt());
        assertTrue(error.path("message").asText().contains("(os error 2)"), error.toString());
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void processEventsOrderedBySeqEndAtClosed(String release) throws Exception {
        List<ProcessEvent> events = new ArrayList<>();
        for (JsonNode n : recorded(release, "processNotifications")) {
            ProcessEvent e = ProcessEvent.fromNotification(n.path("method").asText(), n.path("params"));
            assertNotNull(e, "not a process event: " + n);
            events.add(e);
        }
        // They may arrive out of order (an exit before the last output, recorded on 0.120.0): seq orders them.
        events.sort(java.util.Comparator.comparingLong(ProcessEvent::seq));
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        Integer exit = null;
        long lastSeq = 0;
        for (ProcessEvent e : events) {
            assertEquals("p1", e.processId());
            assertTrue(e.seq() > lastSeq, "one seq per event: " + events);
            lastSeq = e.seq();
            if (e instanceof ProcessEvent.Output o) {
                (o.stream().equals("stderr") ? stderr : stdout)
                        .append(new String(Base64.getDecoder().decode(o.chunkBase64()), StandardCharsets.UTF_8));
            } else if (e instanceof ProcessEvent.Exited x) {
                exit = x.exitCode();
            }
        }
        assertInstanceOf(ProcessEvent.Closed.class, events.get(events.size() - 1), "closed has the last seq");
        assertEquals("out", stdout.toString());
        assertEquals("err", stderr.toString());
        assertEquals(3, exit);
        assertNull(ProcessEvent.fromNotification("process/unknownKind", JSON.createObjectNode()));
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void aReadAfterTheEndHasEverythingRetained(String release) throws Exception {
        ProcessMessages.ReadResult r = JSON.treeToValue(recorded(release, "processRead"), ProcessMessages.ReadResult.class);
        assertTrue(r.exited() && r.closed());
        assertEquals(3, r.exitCode());
        assertEquals(2, r.chunks().size());
        assertTrue(r.nextSeq() > r.chunks().get(r.chunks().size() - 1).seq(), "nextSeq is past every chunk");
        ProcessMessages.Chunk first = r.chunks().get(0);
        assertEquals("stdout".equals(first.stream()) ? "out" : "err",
                new String(Base64.getDecoder().decode(first.chunk()), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releases")
    void aWriteToAnEndedProcessIsAnsweredWithAStatus(String release) throws Exception {
        ProcessMessages.WriteResult w = JSON.treeToValue(recorded(release, "processWrite"), ProcessMessages.WriteResult.class);
        assertNotNull(w.status());
    }
}
