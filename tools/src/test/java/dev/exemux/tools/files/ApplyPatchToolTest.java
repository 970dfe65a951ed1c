package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.local.LocalExecutor;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApplyPatchToolTest extends LocalToolTest {

    static String patch(String... body) {
        return "*** Begin Patch\n" + String.join("\n", body) + "\n*** End Patch\n";
    }

    private Result apply(String patch) {
        return tools.call("apply_patch", tools.args("local").put("patch", patch).put("cwd", dir.toString()));
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void everyOperationInOneCall() throws IOException {
        Files.writeString(dir.resolve("update.txt"), "one\ntwo\nthree\n");
        Files.writeString(dir.resolve("gone.txt"), "bye\n");
        Files.writeString(dir.resolve("old.py"), "def f():\n    pass\n");
        Result r = apply(patch(
                "*** Add File: sub/dir/new.txt",
                "+hello",
                "+world",
                "*** Update File: update.txt",
                "@@",
                " one",
                "-two",
                "+2",
                " three",
                "*** Delete File: gone.txt",
                "*** Update File: old.py",
                "*** Move to: pkg/new.py",
                "@@ def f():",
                "-    pass",
                "+    return 1"));
        assertFalse(r.isError(), r.text());
        assertEquals("hello\nworld\n", Files.readString(dir.resolve("sub/dir/new.txt")));
        assertEquals("one\n2\nthree\n", Files.readString(dir.resolve("update.txt")));
        assertFalse(Files.exists(dir.resolve("gone.txt")));
        assertFalse(Files.exists(dir.resolve("old.py")));
        assertEquals("def f():\n    return 1\n", Files.readString(dir.resolve("pkg/new.py")));
        assertEquals(List.of("pkg", "pkg/new.py", "sub", "sub/dir", "sub/dir/new.txt", "update.txt"), tree(), "no temporaries");

        JsonNode files = r.get("files");
        assertEquals(4, files.size());
        assertEquals("add", files.get(0).get("action").asText());
        assertEquals(2, files.get(0).get("added").asInt());
        assertEquals(Digests.sha256("hello\nworld\n".getBytes(StandardCharsets.UTF_8)), files.get(0).get("sha256").asText());
        assertEquals(1, files.get(1).get("added").asInt());
        assertEquals(1, files.get(1).get("removed").asInt());
        assertTrue(files.get(2).get("sha256").isNull());
        assertEquals("move", files.get(3).get("action").asText());
        assertEquals(dir.resolve("old.py").toString(), files.get(3).get("from").asText());
        assertEquals(dir.resolve("pkg/new.py").toString(), files.get(3).get("path").asText());
        assertTrue(r.text().contains("M " + dir.resolve("update.txt") + " (+1 -1)"), r.text());
        assertTrue(r.string("diff").contains("-two\n+2\n"), r.string("diff"));
        assertFalse(r.get("dry_run").asBoolean());
    }

    @Test
    void dryRunWritesNothingAndShowsTheDiff() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "alpha\nbeta\n");
        ObjectNode args = tools.args("local").put("cwd", dir.toString()).put("dry_run", true)
                .put("patch", patch("*** Update File: a.txt", "@@", "-beta", "+gamma", "*** Add File: b.txt", "+x"));
        Result r = tools.call("apply_patch", args);
        assertFalse(r.isError(), r.text());
        assertTrue(r.get("dry_run").asBoolean());
        assertTrue(r.text().startsWith("Dry run on 'local', nothing written"), r.text());
        assertTrue(r.string("diff").contains("-beta\n+gamma\n"), r.string("diff"));
        assertEquals(Digests.sha256("alpha\ngamma\n".getBytes(StandardCharsets.UTF_8)), r.get("files").get(0).get("sha256").asText());
        assertEquals("alpha\nbeta\n", Files.readString(dir.resolve("a.txt")));
        assertEquals(List.of("a.txt"), tree());
    }

    @Test
    void allOrNothingWhenTheThirdFilesHunkDoesNotMatch() throws IOException {
        Files.writeString(dir.resolve("1.txt"), "a\nb\n");
        Files.writeString(dir.resolve("2.txt"), "c\nd\n");
        Files.writeString(dir.resolve("3.txt"), "int total = 0;\nreturn totl;\n");
        Result r = apply(patch(
                "*** Update File: 1.txt", "@@", "-a", "+A",
                "*** Update File: 2.txt", "@@", "-c", "+C",
                "*** Update File: 3.txt", "@@", " int total = 0;", "-return total;", "+return sum;"));
        assertTrue(r.isError());
        assertTrue(r.text().startsWith("The patch was not applied; nothing was written."), r.text());
        assertTrue(r.text().contains(dir.resolve("3.txt") + ": hunk 1 (patch line 11): its 2 context and removed lines were not found"),
                r.text());
        assertTrue(r.text().contains("line 2 is \"return totl;\" where the hunk has \"return total;\""), r.text());
        assertEquals("a\nb\n", Files.readString(dir.resolve("1.txt")));
        assertEquals("c\nd\n", Files.readString(dir.resolve("2.txt")));
        assertEquals(List.of("1.txt", "2.txt", "3.txt"), tree());
    }

    @Test
    void aWriteThatFailsAfterTwoFilesWereWrittenPutsThemBack() throws IOException {
        Path third = dir.resolve("3.txt");
        ForwardingExecutor failing = new ForwardingExecutor(new LocalExecutor()) {
            @Override
            public CompletableFuture<Void> move(String source, String destination) {
                return destination.equals(third.toString())
                        ? CompletableFuture.failedFuture(new RemoteCallException("local", RemoteCallException.Reason.OTHER, 0,
                                "rename failed on 'local': No space left on device"))
                        : super.move(source, destination);
            }
        };
        try {
            ToolHarness harness = ToolHarness.fileTools(failing);
            Files.writeString(dir.resolve("1.txt"), "a\n");
            Files.writeString(dir.resolve("2.txt"), "b\n");
            Files.writeString(third, "c\n");
            Result r = harness.call("apply_patch", harness.args("local").put("cwd", dir.toString()).put("patch", patch(
                    "*** Update File: 1.txt", "@@", "-a", "+A",
                    "*** Add File: new.txt", "+n",
                    "*** Update File: 3.txt", "@@", "-c", "+C",
                    "*** Delete File: 2.txt")));
            assertTrue(r.isError());
            assertTrue(r.text().contains("writing " + third + " failed") && r.text().contains("No space left on device"), r.text());
            assertTrue(r.text().contains("were put back") && r.text().contains("no file is changed"), r.text());
            assertTrue(r.text().contains("Not touched: " + dir.resolve("2.txt")), r.text());
            assertEquals("a\n", Files.readString(dir.resolve("1.txt")));
            assertEquals("b\n", Files.readString(dir.resolve("2.txt")));
            assertEquals("c\n", Files.readString(third));
            assertEquals(List.of("1.txt", "2.txt", "3.txt"), tree(), "the added file is gone again, no temporaries");
        } finally {
            failing.shutdown();
        }
    }

    @Test
    void crlfLineEndingsAndTheModeAreKept() throws IOException {
        Path f = Files.writeString(dir.resolve("run.cmd"), "@echo off\r\necho one\r\necho two\r\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        Result r = apply(patch("*** Update File: run.cmd", "@@", " @echo off", "-echo one", "+echo 1", "+echo 1.5"));
        assertFalse(r.isError(), r.text());
        assertEquals("@echo off\r\necho 1\r\necho 1.5\r\necho two\r\n", Files.readString(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void looseMatchesAreAppliedAndSaidSo() throws IOException {
        Path f = Files.writeString(dir.resolve("t.py"), "def f():   \n\u00a0   return \u201cx\u201d\n");
        Result r = apply(patch("*** Update File: t.py", "@@", " def f():", "-    return \"x\"", "+    return \"y\""));
        assertFalse(r.isError(), r.text());
        assertEquals("def f():   \n    return \"y\"\n", Files.readString(f));
        assertTrue(r.get("notes").get(0).asText().contains("hunk 1 matched ignoring surrounding whitespace and with Unicode"),
                r.get("notes").toString());
        assertTrue(r.text().contains("Note: "), r.text());
    }

    @Test
    void anAmbiguousHunkIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("a.c"), "x();\ny();\nx();\ny();\n");
        Result r = apply(patch("*** Update File: a.c", "@@", " x();", "-y();", "+z();"));
        assertTrue(r.isError());
        assertTrue(r.text().contains("is ambiguous: its lines occur 2 times") && r.text().contains("at lines 1, 3"), r.text());
        assertEquals("x();\ny();\nx();\ny();\n", Files.readString(f));
    }

    @Test
    void malformedOrImpossiblePatchesAreRefusedBeforeAnythingIsWritten() throws IOException {
        Files.writeString(dir.resolve("exists.txt"), "e\n");
        Files.writeString(dir.resolve("keep.txt"), "k\n");
        String touchKeep = "*** Update File: keep.txt\n@@\n-k\n+K";
        List<String[]> cases = List.of(
                new String[] {"*** Update File: keep.txt\n@@\n-k\n+K\n*** End Patch", "line 1: the patch must start with '*** Begin Patch'"},
                new String[] {patch(touchKeep, "*** Add File: exists.txt", "+x"), "line 6: '*** Add File: exists.txt' but "},
                new String[] {patch(touchKeep, "*** Update File: missing.txt", "@@", "-x"), "line 6: '*** Update File: missing.txt' but "},
                new String[] {patch(touchKeep, "*** Delete File: missing.txt"), "line 6: '*** Delete File: missing.txt' but "},
                new String[] {patch(touchKeep, "*** Delete File: ./keep.txt"), "Line 6: " + dir.resolve("./keep.txt")
                        + " is already changed by the operation on line 2"},
                new String[] {patch(touchKeep, "*** Update File: exists.txt", "@@", " e", "oops"), "line 9: a hunk line must start with"},
                new String[] {patch(touchKeep, "*** Update File: exists.txt", "*** Move to: keep.txt"), "is already changed by the operation on line 2"},
                new String[] {patch(touchKeep, "*** Add File: exists.txt/sub/x", "+x"), "line 6: " + dir.resolve("exists.txt/sub/x")
                        + " cannot be created on 'local': " + dir.resolve("exists.txt") + " is a file"},
                new String[] {patch(touchKeep, "*** Update File: exists.txt", "*** Move to: keep.txt/y"), "line 7: "});
        for (String[] c : cases) {
            Result r = apply(c[0]);
            assertTrue(r.isError(), c[0]);
            assertTrue(r.text().toLowerCase().contains(c[1].toLowerCase()), r.text());
            assertTrue(r.text().contains("nothing was written"), r.text());
        }
        assertEquals("k\n", Files.readString(dir.resolve("keep.txt")));
        assertEquals(List.of("exists.txt", "keep.txt"), tree());
    }

    @Test
    void relativePathsNeedCwdAndAbsoluteOnesDoNot() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "a\n");
        Result noCwd = tools.call("apply_patch", tools.args("local").put("patch", patch("*** Update File: a.txt", "@@", "-a", "+b")));
        assertTrue(noCwd.isError());
        assertTrue(noCwd.text().contains("Line 2: the path 'a.txt' is relative; pass cwd"), noCwd.text());
        Result absolute = tools.call("apply_patch", tools.args("local").put("patch", patch("*** Update File: " + f, "@@", "-a", "+b")));
        assertFalse(absolute.isError(), absolute.text());
        assertEquals("b\n", Files.readString(f));
        Result badCwd = tools.call("apply_patch", tools.args("local").put("cwd", "rel").put("patch", patch("*** Delete File: x")));
        assertTrue(badCwd.isError() && badCwd.text().contains("'cwd' must be an absolute path"), badCwd.text());
    }

    @Test
    void aHeredocWrappedPatchIsAccepted() throws IOException {
        Path f = Files.writeString(dir.resolve("h.txt"), "x\n");
        Result r = apply("apply_patch <<'EOF'\n" + patch("*** Update File: h.txt", "@@", "-x", "+y") + "EOF\n");
        assertFalse(r.isError(), r.text());
        assertEquals("y\n", Files.readString(f));
    }
}
