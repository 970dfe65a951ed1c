package dev.exemux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The release list is the one place releases are named: the install script, the tests and the README follow it. */
class ReleaseListTest {

    static final Path ROOT = ReleaseList.find(Path.of("").toAbsolutePath()).getParent();

    @Test
    void everyReleaseInstalledByTheScriptIsInTheListAndBack() throws Exception {
        Process p = new ProcessBuilder("bash", "-c",
                "sed -e 's/#.*//' codex-releases.txt | awk 'NF { print $1 }'")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        // The script extracts its versions with exactly this pipeline (asserted below), so they agree.
        assertTrue(Files.readString(ROOT.resolve("scripts/install-peers.sh"))
                .contains("sed -e 's/#.*//' \"$root/codex-releases.txt\" | awk 'NF { print $1 }'"));
        assertEquals(CodexRelease.SUPPORTED, Arrays.asList(out.split("\\s+")));
    }

    @Test
    void theReadmeStatesTheRangeOfTheList() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String range = CodexRelease.OLDEST + " to " + CodexRelease.SUPPORTED.get(CodexRelease.SUPPORTED.size() - 1);
        assertTrue(readme.contains(range), "README.md must say the supported range: " + range);
    }

    @Test
    void rolesNameOneReleaseEachAndNewIsTheNewest() {
        assertEquals(CodexRelease.SUPPORTED.get(CodexRelease.SUPPORTED.size() - 1), CodexRelease.NEW);
        assertTrue(CodexRelease.SUPPORTED.contains(CodexRelease.OLD));
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
