package dev.exemux.tools.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void aSmallChangeWithThreeLinesOfContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        UnifiedDiff d = UnifiedDiff.of("a", "b", before, after);
        assertEquals("--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", d.text());
        assertEquals(1, d.added());
        assertEquals(1, d.removed());
    }

    @Test
    void distantChangesGetSeparateHunksAndNewAndDeletedFilesHaveEmptyRanges() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            a.append(i).append('\n');
        }
        String b = a.toString().replace("\n2\n", "\ntwo\n").replace("\n28\n", "\n28\n28.5\n");
        UnifiedDiff d = UnifiedDiff.of("x", "x", a.toString(), b);
        assertEquals(2, d.text().split("\n@@ ").length - 1, d.text());
        assertTrue(d.text().contains("@@ -1,5 +1,5 @@"), d.text());
        assertTrue(d.text().contains("@@ -26,5 +26,6 @@"), d.text());
        assertEquals(2, d.added());
        assertEquals("--- /dev/null\n+++ n\n@@ -0,0 +1,2 @@\n+p\n+q\n", UnifiedDiff.of("/dev/null", "n", "", "p\nq\n").text());
        assertEquals("--- n\n+++ /dev/null\n@@ -1 +0,0 @@\n-p\n", UnifiedDiff.of("n", "/dev/null", "p\n", "").text());
        assertEquals("", UnifiedDiff.of("a", "a", "same\n", "same\n").text());
    }

    @Test
    void interleavedChangesAreMinimal() {
        UnifiedDiff d = UnifiedDiff.of("a", "b", "a\nb\nc\nd\ne\n", "a\nc\nd\nx\ne\n");
        assertEquals(1, d.added());
        assertEquals(1, d.removed());
    }

    @Test
    void boundedKeepsHeadAndTailWholeLines() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            s.append("+line ").append(i).append('\n');
        }
        String b = UnifiedDiff.bounded(s.toString(), 500);
        assertTrue(b.length() <= 560, b.length() + "");
        assertTrue(b.startsWith("+line 0\n"), b);
        assertTrue(b.contains("diff lines omitted"), b);
        assertTrue(b.endsWith("+line 999\n"), b);
        assertEquals("short", UnifiedDiff.bounded("short", 500));
    }

    @Test
    void manyScatteredChangesStayMinimalAndAHugeRewriteIsStillCorrect() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            a.append("line ").append(i).append('\n');
            b.append(i % 10 == 0 ? "changed " : "line ").append(i).append('\n');
        }
        UnifiedDiff d = UnifiedDiff.of("a", "b", a.toString(), b.toString());
        assertEquals(300, d.added());
        assertEquals(300, d.removed());
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            c.append("other ").append(i).append('\n');
        }
        UnifiedDiff rewrite = UnifiedDiff.of("a", "c", a.toString(), c.toString());
        assertEquals(3000, rewrite.added());
        assertEquals(3000, rewrite.removed());
    }
}
