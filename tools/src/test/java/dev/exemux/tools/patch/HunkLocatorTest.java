package dev.exemux.tools.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.tools.patch.Patch.Hunk;
import dev.exemux.tools.patch.Patch.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

class HunkLocatorTest {

    private static List<Hunk> hunks(String... body) {
        String text = "*** Begin Patch\n*** Update File: f\n" + String.join("\n", body) + "\n*** End Patch";
        return ((Update) PatchParser.parse(text).ops().get(0)).hunks();
    }

    private static HunkLocator.Result locate(List<String> file, String... body) {
        return HunkLocator.locate(file, hunks(body));
    }

    private static String apply(String file, String... body) {
        TextLines lines = TextLines.of(file);
        HunkLocator.Result r = HunkLocator.locate(lines.lines(), hunks(body));
        assertTrue(r.ok(), () -> r.failures().toString());
        return HunkApplier.apply(lines, r.matches());
    }

    private static String failure(List<String> file, String... body) {
        HunkLocator.Result r = locate(file, body);
        assertFalse(r.ok(), "expected a failure");
        return r.failures().get(0).message();
    }

    @Test
    void exactMatchWins() {
        HunkLocator.Result r = locate(List.of("a", "b", "c", "b"), "@@", " a", "-b", "+B");
        assertEquals(0, r.matches().get(0).start());
        assertEquals(Tolerance.EXACT, r.matches().get(0).tolerance());
        assertEquals("a\nB\nc\nb\n", apply("a\nb\nc\nb\n", "@@", " a", "-b", "+B"));
    }

    @Test
    void eachToleranceLevelInOrder() {
        assertEquals(Tolerance.TRAILING_WHITESPACE,
                locate(List.of("x", "foo   ", "bar\t"), "@@", " foo", "-bar", "+baz").matches().get(0).tolerance());
        assertEquals(Tolerance.SURROUNDING_WHITESPACE,
                locate(List.of("x", "    foo", "\tbar "), "@@", " foo", "-bar", "+baz").matches().get(0).tolerance());
        assertEquals(Tolerance.UNICODE_PUNCTUATION,
                locate(List.of("say \u201chi\u201d \u2014 ok", "it\u2019s\u00a0here"), "@@", "-say \"hi\" - ok", "+x",
                        " it's here").matches().get(0).tolerance());
        // The strictest level that finds the lines decides, even when a looser one would find them earlier.
        HunkLocator.Result r = locate(List.of("  a", "b", "a", "b"), "@@", " a", "-b");
        assertEquals(2, r.matches().get(0).start());
        assertEquals(Tolerance.EXACT, r.matches().get(0).tolerance());
    }

    @Test
    void contextLinesKeepTheFilesOwnTextWhenMatchedLoosely() {
        assertEquals("def f():  \n    return 2\n", apply("def f():  \n    return 1\n", "@@", " def f():", "-    return 1", "+    return 2"));
        assertEquals("\u201cq\u201d\nnew\n", apply("\u201cq\u201d\nold\n", "@@", " \"q\"", "-old", "+new"));
    }

    @Test
    void neverFuzzy() {
        String msg = failure(List.of("int total = 0;", "return totl;"), "@@", " int total = 0;", "-return total;", "+return sum;");
        assertTrue(msg.startsWith("hunk 1 (patch line 3): its 2 context and removed lines were not found"), msg);
        assertTrue(msg.contains("Closest: lines 1-2, where 1 of 2 agree; line 2 is \"return totl;\" where the hunk has \"return total;\""), msg);
        assertTrue(msg.contains("     1\tint total = 0;"), msg);
    }

    @Test
    void anAmbiguousHunkIsRefusedSayingWhere() {
        List<String> file = List.of("if (x) {", "  y();", "}", "if (x) {", "  y();", "}");
        String msg = failure(file, "@@", " if (x) {", "-  y();", "+  z();");
        assertTrue(msg.contains("is ambiguous: its lines occur 2 times"), msg);
        assertTrue(msg.contains("at lines 1, 4"), msg);
        // Two hunks with the same lines take the two places in order: nothing is left to guess.
        assertEquals("a\nB\na\nC\n", apply("a\nb\na\nb\n", "@@", " a", "-b", "+B", "@@", " a", "-b", "+C"));
        // An anchor settles it: the next occurrence after the anchor.
        assertEquals("f1\nx\ng\nX\n", apply("f1\nx\ng\nx\n", "@@ g", "-x", "+X"));
    }

    @Test
    void anchorsNarrowInOrderAndHunksMustBeInFileOrder() {
        String file = "class A\n  def m\n    v = 1\nclass B\n  def m\n    v = 1\n";
        assertEquals("class A\n  def m\n    v = 1\nclass B\n  def m\n    v = 2\n",
                apply(file, "@@ class B", "@@   def m", "-    v = 1", "+    v = 2"));
        String missing = failure(List.of("a", "b"), "@@ class Z", "-a");
        assertTrue(missing.contains("its '@@ class Z' line was not found"), missing);
        String order = failure(List.of("a", "b", "c", "d"), "@@", "-c", "@@", "-a");
        assertTrue(order.contains("hunk 2") && order.contains("They occur at line 1, before the previous hunk"), order);
    }

    @Test
    void endOfFileAnchorsAtTheEnd() {
        assertEquals("x\ny\nx\nZ\n", apply("x\ny\nx\ny\n", "@@", " x", "-y", "+Z", "*** End of File"));
        String msg = failure(List.of("x", "y", "z"), "@@", "-y", "*** End of File");
        assertTrue(msg.contains("at the end of the file") && msg.contains("not at the end of the file"), msg);
    }

    @Test
    void pureAdditionsGoAfterTheAnchorOrAtTheEnd() {
        assertEquals("a\nb\nnew\n", apply("a\nb\n", "@@", "+new"));
        assertEquals("def f():\n    first\n    body\n", apply("def f():\n    body\n", "@@ def f():", "+    first"));
    }

    @Test
    void trailingBlankContextLinesAreDroppedWhenTheyAreNotInTheFile() {
        assertEquals("a\nB\n", apply("a\nb\n", "@@", " a", "-b", "+B", "", "*** Delete File: other"));
    }

    @Test
    void lineEndingsAndTheMissingFinalNewlineAreKept() {
        assertEquals("one\r\nTWO\r\nthree\r\n", apply("one\r\ntwo\r\nthree\r\n", "@@", " one", "-two", "+TWO"));
        assertEquals("a\r\nb\r\nc\r\nd\r\n", apply("a\r\nb\r\n", "@@", " b", "+c", "+d"));
        assertEquals("a\nb2\nb", apply("a\nb", "@@", " a", "+b2", "-b", "+b")); // no final newline stays so
        assertEquals("a\nb\nc", apply("a\nb", "@@", " b", "+c"));
        assertEquals("x\n", apply("", "@@", "+x"));
    }

    @Test
    void everyFailingHunkIsReportedAndTheOthersStillLocated() {
        HunkLocator.Result r = locate(List.of("a", "b", "c", "d"), "@@", "-x", "@@", "-b", "+B", "@@", "-y");
        assertEquals(2, r.failures().size());
        assertEquals(1, r.failures().get(0).number());
        assertEquals(3, r.failures().get(1).number());
        assertEquals(1, r.matches().size());
    }

    @Test
    void aHunkLongerThanTheFileSaysWhereTheFileEnds() {
        String msg = failure(List.of("a", "b"), "@@", " a", " b", "-c");
        assertTrue(msg.contains("where 2 of 3 agree; the file ends before the hunk's line 3"), msg);
        String none = failure(List.of("a"), "@@", "-zzz");
        assertTrue(none.contains("None of its lines occur in the file (1 lines)"), none);
    }

    @Test
    void anchorsUseTheToleranceLevelsToo() {
        assertEquals("  class A:  \n    x = 2\n", apply("  class A:  \n    x = 1\n", "@@ class A:", "-    x = 1", "+    x = 2"));
    }

    @Test
    void anAnchoredAdditionComesBeforeALaterHunkAtTheSamePlace() {
        assertEquals("h\nnew\nB\n", apply("h\nb\n", "@@ h", "+new", "@@", "-b", "+B"));
    }
}
