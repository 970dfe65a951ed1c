package dev.exemux.tools.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.tools.patch.Patch.Add;
import dev.exemux.tools.patch.Patch.Delete;
import dev.exemux.tools.patch.Patch.Hunk;
import dev.exemux.tools.patch.Patch.HunkLine;
import dev.exemux.tools.patch.Patch.Kind;
import dev.exemux.tools.patch.Patch.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchParserTest {

    private static String patch(String... body) {
        return "*** Begin Patch\n" + String.join("\n", body) + "\n*** End Patch\n";
    }

    private static String refusal(String text) {
        return assertThrows(PatchException.class, () -> PatchParser.parse(text)).getMessage();
    }

    @Test
    void parsesEveryOperationWithTheLineItCameFrom() {
        Patch p = PatchParser.parse(patch(
                "*** Add File: src/new.txt",
                "+hello",
                "+",
                "+world",
                "*** Delete File: old.txt",
                "*** Update File: a.py",
                "*** Move to: b.py",
                "@@ def f():",
                "-    pass",
                "+    return 1",
                "*** Update File: c.py",
                "@@",
                " x",
                "+y",
                "*** End of File"));
        assertEquals(4, p.ops().size());
        Add add = (Add) p.ops().get(0);
        assertEquals("src/new.txt", add.path());
        assertEquals(List.of("hello", "", "world"), add.lines());
        assertEquals(2, add.line());
        assertEquals(new Delete("old.txt", 6), p.ops().get(1));
        Update u = (Update) p.ops().get(2);
        assertEquals("a.py", u.path());
        assertEquals("b.py", u.moveTo());
        assertEquals(8, u.moveLine());
        assertEquals(7, u.line());
        Hunk h = u.hunks().get(0);
        assertEquals(List.of("def f():"), h.anchors());
        assertEquals(List.of("    pass"), h.oldLines());
        assertEquals(List.of("    return 1"), h.newLines());
        assertEquals(9, h.line());
        Hunk eof = ((Update) p.ops().get(3)).hunks().get(0);
        assertTrue(eof.endOfFile());
        assertEquals(List.of(new HunkLine(Kind.CONTEXT, "x"), new HunkLine(Kind.ADDED, "y")), eof.lines());
    }

    @Test
    void severalHunksStackedAnchorsAndAFirstHunkWithoutAtAt() {
        Patch p = PatchParser.parse(patch(
                "*** Update File: f",
                " a",
                "-b",
                "+B",
                "@@ class C",
                "@@     def m(self):",
                "-        x",
                "+        y",
                "@@",
                "-z"));
        List<Hunk> hunks = ((Update) p.ops().get(0)).hunks();
        assertEquals(3, hunks.size());
        assertEquals(List.of(), hunks.get(0).anchors());
        assertEquals(List.of("class C", "def m(self):"), hunks.get(1).anchors());
        assertEquals(List.of("z"), hunks.get(2).oldLines());
        assertEquals(List.of(), hunks.get(2).newLines());
    }

    @Test
    void aGitStyleHunkHeaderAnchorsOnItsTrailingText() {
        Patch p = PatchParser.parse(patch("*** Update File: f", "@@ -10,3 +10,4 @@ void run() {", " a", "+b",
                "@@ -20,1 +21,1 @@", "-c", "+d"));
        List<Hunk> hunks = ((Update) p.ops().get(0)).hunks();
        assertEquals(List.of("void run() {"), hunks.get(0).anchors());
        assertEquals(List.of(), hunks.get(1).anchors());
    }

    @Test
    void emptyLinesInAHunkAreEmptyContextAndTrailingOnesAreKeptForTheLocator() {
        Patch p = PatchParser.parse(patch("*** Update File: f", "@@", " a", "", "-b", "+c", "", "*** Delete File: g"));
        Hunk h = ((Update) p.ops().get(0)).hunks().get(0);
        assertEquals(List.of("a", "", "b", ""), h.oldLines());
        assertEquals(1, h.trailingBlankContext());
        assertEquals(2, p.ops().size());
    }

    @Test
    void acceptsAHeredocACodeFenceAndSurroundingWhitespace() {
        String inner = "*** Begin Patch\n*** Delete File: x\n*** End Patch";
        for (String wrapped : List.of(
                "apply_patch <<'EOF'\n" + inner + "\nEOF\n",
                "<<EOF\n" + inner + "\nEOF",
                "<<\"PATCH\"\n" + inner + "\nPATCH\n",
                "```diff\n" + inner + "\n```",
                "```\napply_patch <<'EOF'\n" + inner + "\nEOF\n```\n",
                "\n\n  " + inner + "  \n\n",
                inner.replace("\n", "\r\n"))) {
            Patch p = PatchParser.parse(wrapped);
            assertEquals("x", p.ops().get(0).path(), wrapped);
        }
        // Line numbers stay those of the text as sent.
        String msg = refusal("apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: f\n@@\nbad\n*** End Patch\nEOF");
        assertTrue(msg.startsWith("line 5:"), msg);
    }

    @Test
    void updateWithOnlyAMoveIsARename() {
        Update u = (Update) PatchParser.parse(patch("*** Update File: a", "*** Move to: b")).ops().get(0);
        assertEquals("b", u.moveTo());
        assertEquals(List.of(), u.hunks());
        assertNull(((Update) PatchParser.parse(patch("*** Update File: a", "@@", "-x")).ops().get(0)).moveTo());
    }

    @Test
    void malformedPatchesAreRefusedNamingTheLine() {
        assertTrue(refusal("*** Update File: f\n@@\n-x\n*** End Patch").startsWith("line 1: the patch must start with '*** Begin Patch'"));
        assertTrue(refusal("*** Begin Patch\n*** Delete File: f\n").startsWith("line 2: the patch must end with '*** End Patch'"));
        assertTrue(refusal("").startsWith("The patch is empty"));
        String noPrefix = refusal(patch("*** Update File: f", "@@", " a", "b", "+c"));
        assertTrue(noPrefix.startsWith("line 5: a hunk line must start with ' ' (context), '-' (removed) or '+' (added), not 'b'"), noPrefix);
        String addWithout = refusal(patch("*** Add File: f", "+a", "b"));
        assertTrue(addWithout.startsWith("line 4: every line of an added file must start with '+'"), addWithout);
        assertTrue(refusal(patch("*** Update File: f")).startsWith("line 2: '*** Update File: f' has no hunks"));
        assertTrue(refusal(patch("*** Update File: f", "@@")).startsWith("line 3: this hunk has no lines"));
        assertTrue(refusal(patch("*** Frobnicate File: f")).startsWith("line 2: expected '*** Add File: <path>'"));
        assertTrue(refusal(patch("")).contains("no file operations"));
        assertTrue(refusal(patch("*** Add File: ")).startsWith("line 2: '*** Add File:' needs a path"));
        String afterEof = refusal(patch("*** Update File: f", "@@", "-a", "*** End of File", " b"));
        assertTrue(afterEof.startsWith("line 6: a hunk must start with '@@'"), afterEof);
    }

    @Test
    void aContextLineThatLooksLikeAMarkerStaysContext() {
        Patch p = PatchParser.parse(patch("*** Update File: f", "@@", " /***", " *** banner ***", "-x", "+y",
                "  *** Delete File: g"));
        assertEquals(List.of("/***", "*** banner ***", "x"), ((Update) p.ops().get(0)).hunks().get(0).oldLines());
        assertEquals("g", p.ops().get(1).path(), "an indented header still starts an operation");
    }

    @Test
    void aLongOffendingLineIsQuotedShort() {
        String msg = refusal(patch("*** Update File: f", "@@", "x".repeat(10_000)));
        assertTrue(msg.length() < 400, msg);
        assertFalse(msg.contains("x".repeat(200)));
    }

    @Test
    void trailingBlankLinesOfAnAddedFileAreSeparatorsNotContent() {
        Add add = (Add) PatchParser.parse(patch("*** Add File: f", "+a", "", "+b", "", "", "*** Delete File: g")).ops().get(0);
        assertEquals(List.of("a", "", "b"), add.lines());
        assertEquals(List.of(), ((Add) PatchParser.parse(patch("*** Add File: empty")).ops().get(0)).lines());
    }

    @Test
    void aStrayMoveLineIsNotAnOperation() {
        assertTrue(refusal(patch("*** Move to: x")).startsWith("line 2: expected '*** Add File: <path>'"));
    }
}
