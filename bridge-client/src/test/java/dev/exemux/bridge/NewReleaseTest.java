package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.protocol.Initialize;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ReleaseChecks;
import dev.exemux.testing.ReleaseList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What adding a release to {@code codex-releases.txt} takes: the real list plus a fake newer release
 * ({@value #FAKE}) fails only where that release needs real work. Everything derived from the list
 * follows it without an edit (the supported list, the roles, the install script, the release-parameterised
 * tests, the dialect, which gives an unknown newer release the newest behaviour and the longest grace);
 * what fails is its recorded replies (to be recorded from the installed release, and read for what it
 * changed) and the README's stated range.
 */
class NewReleaseTest {

    static final String FAKE = "0.999.0";
    static final Path ROOT = ReleaseChecks.root();

    @Test
    void theListAsItIsNeedsNothing() {
        List<String> problems = new ArrayList<>(ReleaseChecks.problems(ROOT, ReleaseChecks.lines(ROOT)));
        problems.addAll(WireRecordings.problems(CodexRelease.SUPPORTED));
        assertEquals(List.of(), problems);
    }

    @Test
    void aNewerReleaseNeedsOnlyItsRecordingsAndTheReadmeRange() {
        List<String> lines = ReleaseChecks.withNewest(ReleaseChecks.lines(ROOT), FAKE);
        ReleaseList list = ReleaseList.parse(lines);
        List<String> expectedVersions = new ArrayList<>(CodexRelease.SUPPORTED);
        expectedVersions.add(FAKE);
        assertEquals(expectedVersions, list.versions(), "the supported list");
        assertEquals(FAKE, list.withRole("new"), "the newest release's role");
        assertEquals(CodexRelease.OLD, list.withRole("old"));

        List<String> problems = new ArrayList<>(ReleaseChecks.problems(ROOT, lines));
        problems.addAll(WireRecordings.problems(list.versions()));
        assertEquals(List.of(
                "README.md does not state the supported range '" + CodexRelease.OLDEST + " to " + FAKE + "': update it",
                "codex " + FAKE + " has no recorded replies " + WireRecordings.NAMES + ": install it (scripts/install-peers.sh)"
                        + " and run WireRecorder (mvn -pl bridge-client -am test -Dtest=WireRecorder -Dexemux.record=true"
                        + " -Dsurefire.failIfNoSpecifiedTests=false), then check what the release changed"),
                problems);
    }

    @Test
    void aNewerReleaseGetsTheNewestBehaviourAndTheLongestGrace() throws Exception {
        ObjectNode reply = (ObjectNode) WireRecordings.read(CodexRelease.NEW, "initialize");
        ((ObjectNode) reply.get("environmentInfo")).put("executorVersion", FAKE);
        Initialize.Result fake = WireRecordings.JSON.treeToValue(reply, Initialize.Result.class);
        assertEquals(FAKE, fake.environmentInfo().executorVersion());
        assertEquals(DialectTest.learned(CodexRelease.NEW), Dialect.learn(fake, null));
        assertEquals(SessionGrace.LONGEST, Dialect.learn(fake, null).resume());
        assertTrue(new CodexRelease(FAKE, null).atLeast(CodexRelease.NEW));
    }
}
