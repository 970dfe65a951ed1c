package dev.exemux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The release list is the one place releases are named: the install script, the tests and the README
 * follow it ({@link ReleaseChecks}). What a release added to it needs is {@code NewReleaseTest}'s (bridge-client).
 */
class ReleaseListTest {

    static final Path ROOT = ReleaseList.find(Path.of("").toAbsolutePath()).getParent();

    @Test
    void everythingDerivedFromTheListFollowsIt() {
        assertEquals(List.of(), ReleaseChecks.problems(ROOT, ReleaseChecks.lines(ROOT)));
        assertEquals(ReleaseList.parse(ReleaseChecks.lines(ROOT)).versions(), CodexRelease.SUPPORTED);
        assertEquals(CodexRelease.SUPPORTED, ReleaseChecks.installScriptVersions(ROOT, ReleaseChecks.lines(ROOT)),
                "the install script reads the list");
    }

    @Test
    void eachCheckFailsWhereTheCheckoutDisagreesWithTheList() throws Exception {
        List<String> lines = ReleaseChecks.lines(ROOT);
        String newest = CodexRelease.SUPPORTED.get(CodexRelease.SUPPORTED.size() - 1);
        // A newer release without the role: 'new' is no longer the newest, and the README's range is behind.
        List<String> unroled = new ArrayList<>(lines);
        unroled.add("0.999.0");
        assertEquals(List.of(
                ReleaseList.FILE_NAME + ": role 'new' is on " + newest + ", not on the newest release 0.999.0: move it",
                "README.md does not state the supported range '" + CodexRelease.OLDEST + " to 0.999.0': update it"),
                ReleaseChecks.problems(ROOT, unroled));
        List<String> noOld = lines.stream().map(l -> l.replaceFirst("^(\\S+) old$", "$1")).toList();
        assertEquals(List.of(ReleaseList.FILE_NAME + " must give role 'old' to exactly one release, not []"),
                ReleaseChecks.problems(ROOT, noOld));
        // A script that reads the list naively (comments and roles included) is caught.
        Path naive = Files.createTempDirectory("exemux-naive-");
        Files.createDirectories(naive.resolve("scripts"));
        Files.writeString(naive.resolve("scripts/install-peers.sh"), "versions=\"$(cat \"$root/codex-releases.txt\")\"\n");
        Files.copy(ROOT.resolve("README.md"), naive.resolve("README.md"));
        List<String> problems = ReleaseChecks.problems(naive, lines);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("scripts/install-peers.sh reads "), problems.get(0));
    }

    @Test
    void aNewestReleaseAddedAsOneLineTakesTheNewRole() {
        List<String> lines = ReleaseChecks.withNewest(ReleaseChecks.lines(ROOT), "0.999.0");
        ReleaseList list = ReleaseList.parse(lines);
        assertEquals("0.999.0", list.withRole("new"));
        assertEquals(CodexRelease.OLD, list.withRole("old"));
        List<String> expected = new ArrayList<>(CodexRelease.SUPPORTED);
        expected.add("0.999.0");
        assertEquals(expected, list.versions());
    }

    /**
     * Tests pick releases from the list (by role, or all of it), never by a version written in the test,
     * so adding a release to the list is all it takes to test it. A test about one named release's own
     * behaviour says so with {@code atLeast("...")} or, for a feature only some releases have, a
     * {@code @ValueSource} of those releases.
     */
    @Test
    void noTestStartsAReleaseNamedByAVersionLiteral() throws Exception {
        java.util.regex.Pattern literalStart = java.util.regex.Pattern.compile(
                "(ExecServer\\.start|ExecServer\\.startUnprivileged|CodexRelease\\.require)\\(\"\\d+\\.\\d+\\.\\d+\"");
        List<String> offenders = new ArrayList<>();
        try (var files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/")).toList()) {
                String text = Files.readString(f);
                if (literalStart.matcher(text).find()) {
                    offenders.add(ROOT.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), offenders, "start releases from codex-releases.txt (CodexRelease.OLD, NEW, SUPPORTED)");
    }

    @Test
    void aMalformedListIsRefusedWithItsLine() {
        assertTrue(assertThrows(IllegalStateException.class, () -> ReleaseList.parse(List.of("0.130.0", "0.120.0")))
                .getMessage().contains("oldest first"));
        assertTrue(assertThrows(IllegalStateException.class, () -> ReleaseList.parse(List.of("latest")))
                .getMessage().contains("latest"));
        assertTrue(assertThrows(IllegalStateException.class, () -> ReleaseList.parse(List.of("0.1.0 new", "0.2.0 new")).withRole("new"))
                .getMessage().contains("exactly one"));
    }
}
