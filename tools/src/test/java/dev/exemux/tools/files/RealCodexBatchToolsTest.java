package dev.exemux.tools.files;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.tools.files.ApplyPatchToolTest.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * apply_patch, edit_file's edits, move_path and read_file's paths on real codex exec-servers: an old
 * release (plain paths, no size in metadata) and a new one. The peer runs on this machine, so the test
 * sets up and checks files with java.nio.
 */
class RealCodexBatchToolsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void batchToolsWorkOnARealRelease(String version) throws IOException {
        try (ExecServer server = ExecServer.start(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            ToolHarness tools = ToolHarness.fileTools(new ForwardingExecutor(pool.resolve("codex")));
            Path work = Files.createDirectory(dir.resolve("work dir é"));
            applyPatch(tools, work);
            editsAndDryRun(tools, work);
            moves(tools, work);
            multiRead(tools, work);
        }
    }

    private static Result patchCall(ToolHarness tools, Path cwd, String patch, boolean dryRun) {
        return tools.call("apply_patch", tools.args("codex").put("cwd", cwd.toString()).put("patch", patch).put("dry_run", dryRun));
    }

    private static void applyPatch(ToolHarness tools, Path work) throws IOException {
        Path p = Files.createDirectory(work.resolve("patch"));
        Files.writeString(p.resolve("upd.txt"), "one\ntwo  \nthree\n");
        Files.writeString(p.resolve("del.txt"), "bye\n");
        Path script = Files.writeString(p.resolve("run.sh"), "#!/bin/sh\r\necho \u201chi\u201d\r\nexit 0\r\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(p.resolve("mv.txt"), "m\n");
        Files.writeString(p.resolve("ind.py"), "\tif x:\n\t\ty()\n");
        String body = patch(
                "*** Add File: new/added.txt", "+added",
                "*** Update File: upd.txt", "@@", " one", "-two", "+2", // trailing whitespace ignored
                "*** Delete File: del.txt",
                "*** Update File: run.sh", "@@", " #!/bin/sh", "-echo \"hi\"", "+echo \"hello\"", " exit 0", "*** End of File", // CRLF, punctuation
                "*** Update File: mv.txt", "*** Move to: moved/mv.txt", "@@", "-m", "+M",
                "*** Update File: ind.py", "@@", " if x:", "-    y()", "+\t\tz()"); // leading whitespace ignored

        Result dry = patchCall(tools, p, body, true);
        assertFalse(dry.isError(), dry.text());
        assertTrue(dry.string("diff").contains("+echo \"hello\""), dry.string("diff"));
        assertEquals(List.of("del.txt", "ind.py", "mv.txt", "run.sh", "upd.txt"), names(p), "dry run wrote nothing");

        Result r = patchCall(tools, p, body, false);
        assertFalse(r.isError(), r.text());
        assertEquals("added\n", Files.readString(p.resolve("new/added.txt")));
        assertEquals("one\n2\nthree\n", Files.readString(p.resolve("upd.txt")));
        assertFalse(Files.exists(p.resolve("del.txt")));
        assertEquals("#!/bin/sh\r\necho \"hello\"\r\nexit 0\r\n", Files.readString(script));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
        assertEquals("M\n", Files.readString(p.resolve("moved/mv.txt")));
        assertEquals("\tif x:\n\t\tz()\n", Files.readString(p.resolve("ind.py")));
        assertEquals(List.of("ind.py", "moved", "new", "run.sh", "upd.txt"), names(p), "no temporaries");
        String notes = r.get("notes").toString();
        assertTrue(notes.contains("upd.txt: hunk 1 matched ignoring trailing whitespace"), notes);
        assertTrue(notes.contains("ind.py: hunk 1 matched ignoring leading and trailing whitespace"), notes);
        assertTrue(notes.contains("run.sh: hunk 1 matched ignoring surrounding whitespace and with Unicode"), notes);

        // All or nothing: the third file's hunk does not match, the first two stay as they were.
        Files.writeString(p.resolve("a"), "a\n");
        Files.writeString(p.resolve("b"), "b\n");
        Files.writeString(p.resolve("c"), "c\n");
        Result failed = patchCall(tools, p, patch("*** Update File: a", "@@", "-a", "+A", "*** Update File: b", "@@", "-b", "+B",
                "*** Update File: c", "@@", "-see", "+C"), false);
        assertTrue(failed.isError());
        assertTrue(failed.text().contains(p.resolve("c") + ": hunk 1"), failed.text());
        assertEquals("a\n", Files.readString(p.resolve("a")));
        assertEquals("b\n", Files.readString(p.resolve("b")));
    }

    private static void editsAndDryRun(ToolHarness tools, Path work) throws IOException {
        Path f = Files.writeString(work.resolve("cfg.ini"), "[a]\r\nx=1\r\ny=2\r\n");
        ObjectNode args = tools.args("codex").put("path", f.toString());
        ArrayNode edits = args.putArray("edits");
        edits.addObject().put("old_string", "x=1").put("new_string", "x=10");
        edits.addObject().put("old_string", "y=2\n").put("new_string", "y=20\nz=30\n");
        Result dry = tools.call("edit_file", args.deepCopy().put("dry_run", true));
        assertFalse(dry.isError(), dry.text());
        assertTrue(dry.string("diff").contains("+z=30"), dry.string("diff"));
        assertEquals("[a]\r\nx=1\r\ny=2\r\n", Files.readString(f));
        Result r = tools.call("edit_file", args);
        assertFalse(r.isError(), r.text());
        assertEquals("[a]\r\nx=10\r\ny=20\r\nz=30\r\n", Files.readString(f));
    }

    private static void moves(ToolHarness tools, Path work) throws IOException {
        Path m = Files.createDirectories(work.resolve("m/sub"));
        Files.writeString(m.resolve("f.txt"), "f");
        Result rename = tools.call("move_path", tools.args("codex").put("src", m.resolve("f.txt").toString())
                .put("dst", m.resolve("g.txt").toString()));
        assertFalse(rename.isError(), rename.text());
        Result across = tools.call("move_path", tools.args("codex").put("src", m.resolve("g.txt").toString())
                .put("dst", work.resolve("g.txt").toString()));
        assertFalse(across.isError(), across.text());
        assertFalse(across.get("cross_device").asBoolean());
        assertEquals("f", Files.readString(work.resolve("g.txt")));
        Result dirMove = tools.call("move_path", tools.args("codex").put("src", work.resolve("m").toString())
                .put("dst", work.resolve("m2").toString()));
        assertFalse(dirMove.isError(), dirMove.text());
        assertTrue(Files.isDirectory(work.resolve("m2/sub")));
        Files.writeString(work.resolve("h.txt"), "h");
        Result refused = tools.call("move_path", tools.args("codex").put("src", work.resolve("h.txt").toString())
                .put("dst", work.resolve("g.txt").toString()));
        assertTrue(refused.isError() && refused.text().contains("overwrite: true"), refused.text());

        // `mv` onto a symlink to a directory would move into the directory: the link itself is replaced.
        Path target = Files.createDirectory(work.resolve("target"));
        Path link = Files.createSymbolicLink(work.resolve("link"), target);
        Result overLink = tools.call("move_path", tools.args("codex").put("src", work.resolve("h.txt").toString())
                .put("dst", link.toString()).put("overwrite", true));
        assertFalse(overLink.isError(), overLink.text());
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("h", Files.readString(link));
        assertEquals(List.of(), names(target));

        Path other = MovePathToolTest.otherFileSystem(work);
        try {
            Result cross = tools.call("move_path", tools.args("codex").put("src", work.resolve("m2").toString())
                    .put("dst", other.resolve("m2").toString()));
            assertFalse(cross.isError(), cross.text());
            assertTrue(cross.get("cross_device").asBoolean(), cross.text());
            assertTrue(Files.isDirectory(other.resolve("m2/sub")));
            assertFalse(Files.exists(work.resolve("m2")));
        } finally {
            new ProcessBuilder("rm", "-rf", other.toString()).start();
        }
    }

    private static void multiRead(ToolHarness tools, Path work) throws IOException {
        Path a = Files.writeString(work.resolve("r1.txt"), "first\n");
        Path b = Files.writeString(work.resolve("r2.txt"), "second\nline\n");
        ObjectNode args = tools.args("codex");
        args.putArray("paths").add(a.toString()).add(work.resolve("absent.txt").toString()).add(b.toString());
        Result r = tools.call("read_file", args);
        assertFalse(r.isError(), r.text());
        assertEquals("     1\tfirst", r.get("files").get(0).get("content").asText());
        assertTrue(r.get("files").get(1).get("error").asText().contains("does not exist"), r.get("files").toString());
        assertEquals("     1\tsecond\n     2\tline", r.get("files").get(2).get("content").asText());
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }
}
