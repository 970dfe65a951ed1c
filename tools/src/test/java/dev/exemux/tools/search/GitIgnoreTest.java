package dev.exemux.tools.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The walk engine's .gitignore rules, the cases git itself decides. */
class GitIgnoreTest {

    @Test
    void followsGitsRules() {
        GitIgnore rules = GitIgnore.none().with("", bytes("build/\n*.log\n!keep.log\n/top.txt\ndocs/**/*.tmp\n# comment\n"));
        assertTrue(rules.ignored("build", true));
        assertFalse(rules.ignored("build", false), "a trailing '/' is for directories only");
        assertTrue(rules.ignored("a/b/x.log", false));
        assertFalse(rules.ignored("a/keep.log", false), "a negation re-includes");
        assertTrue(rules.ignored("top.txt", false));
        assertFalse(rules.ignored("sub/top.txt", false), "a leading '/' anchors");
        assertTrue(rules.ignored("docs/x.tmp", false));
        assertTrue(rules.ignored("docs/a/b/x.tmp", false));
        assertFalse(rules.ignored("x.tmp", false));
    }

    @Test
    void rulesOfDeeperAndHigherFilesApplyFromWhereTheyAre() {
        GitIgnore rules = GitIgnore.none()
                .above("src/main", bytes("/src/main/gen/\n"))   // the work tree's top, two levels above the root
                .with("lib", bytes("*.o\n!keep.o\n"));
        assertTrue(rules.ignored("gen", true));
        assertFalse(rules.ignored("lib/gen", true));
        assertTrue(rules.ignored("lib/a.o", false));
        assertFalse(rules.ignored("a.o", false), "lib/.gitignore does not reach outside lib");
        assertFalse(rules.ignored("lib/keep.o", false));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
