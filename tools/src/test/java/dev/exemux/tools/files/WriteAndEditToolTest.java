package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WriteAndEditToolTest extends LocalToolTest {

    private Result write(Path file, String content) {
        ObjectNode args = tools.args("local").put("path", file.toString()).put("content", content);
        return tools.call("write_file", args);
    }

    private Result edit(Path file, String oldString, String newString) {
        return tools.call("edit_file", editArgs(file, oldString, newString));
    }

    private ObjectNode editArgs(Path file, String oldString, String newString) {
        return tools.args("local").put("path", file.toString()).put("old_string", oldString).put("new_string", newString);
    }

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- write_file

    @Test
    void writesNewFileAtomicallyAndReportsItsChecksum() throws IOException {
        Path f = dir.resolve("new.txt");
        Result r = write(f, "hello wörld\n");
        assertFalse(r.isError(), r.text());
        byte[] expected = "hello wörld\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, Files.readAllBytes(f));
        assertEquals(expected.length, r.structured().get("bytes").asInt());
        assertEquals(Digests.sha256(expected), r.structured().get("sha256").asText());
        assertTrue(r.structured().get("created").asBoolean());
        assertEquals(List.of("new.txt"), names(dir), "no temporary file left behind");
    }

    @Test
    void appendAddsPiecesAfterTheEndCreatingTheFileAndWritingThroughALink() throws IOException {
        Path f = dir.resolve("pieces.bin");
        Path link = Files.createSymbolicLink(dir.resolve("pieces-link"), Path.of("pieces.bin"));
        byte[] first = new byte[100_000];
        new java.util.Random(3).nextBytes(first);
        Result created = tools.call("write_file", tools.args("local").put("path", f.toString())
                .put("content_base64", Base64.getEncoder().encodeToString(first)).put("append", true));
        assertFalse(created.isError(), created.text());
        assertTrue(created.structured().get("created").asBoolean());
        Result added = tools.call("write_file", tools.args("local").put("path", link.toString())
                .put("content", "tail\n").put("append", true));
        assertFalse(added.isError(), added.text());
        assertFalse(added.structured().get("created").asBoolean());
        assertEquals(5, added.structured().get("bytes").asInt());
        assertTrue(added.text().startsWith("Appended to " + f.toRealPath()), added.text());
        byte[] expected = java.util.Arrays.copyOf(first, first.length + 5);
        System.arraycopy("tail\n".getBytes(StandardCharsets.US_ASCII), 0, expected, first.length, 5);
        assertArrayEquals(expected, Files.readAllBytes(f));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of("pieces-link", "pieces.bin"), names(dir), "no temporary file left behind");
        Result noParent = tools.call("write_file", tools.args("local").put("path", dir.resolve("no/such.txt").toString())
                .put("content", "x").put("append", true));
        assertTrue(noParent.isError() && noParent.text().contains("create_dirs"), noParent.text());
    }

    @Test
    void theDescriptionStatesTheRequestLimit() {
        String description = tools.tool("write_file").definition().description();
        assertTrue(description.contains("32 MiB") && description.contains("append"), description);
    }

    @Test
    void replacesExistingFileKeepingItsPermissions() throws IOException {
        Path f = Files.writeString(dir.resolve("run.sh"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        Result r = write(f, "#!/bin/sh\necho new\n");
        assertFalse(r.isError(), r.text());
        assertFalse(r.structured().get("created").asBoolean());
        assertEquals("#!/bin/sh\necho new\n", Files.readString(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("run.sh"), names(dir));
    }

    @Test
    void writesThroughASymlinkToItsTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("real.conf"), "a=1");
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), target);
        assertFalse(write(link, "a=2").isError());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("a=2", Files.readString(target));
    }

    @Test
    void failedRenameLeavesOldContentAndNoTemporary() throws IOException {
        Path f = Files.writeString(dir.resolve("keep.txt"), "precious");
        local.failMove = new RemoteCallException("local", RemoteCallException.Reason.OTHER, 0, "mv failed on 'local': disk full");
        Result r = write(f, "replacement");
        assertTrue(r.isError());
        assertTrue(r.text().contains("disk full"), r.text());
        assertEquals("precious", Files.readString(f));
        assertEquals(List.of("keep.txt"), names(dir), "the temporary file was removed");
    }

    @Test
    void missingParentNeedsCreateDirs() throws IOException {
        Path f = dir.resolve("a/b/c.txt");
        Result r = write(f, "x");
        assertTrue(r.isError());
        assertTrue(r.text().contains("create_dirs: true"), r.text());
        assertFalse(Files.exists(dir.resolve("a")));

        ObjectNode args = tools.args("local").put("path", f.toString()).put("content", "x").put("create_dirs", true);
        assertFalse(tools.call("write_file", args).isError());
        assertEquals("x", Files.readString(f));
    }

    @Test
    void base64ContentIsWrittenByteForByte() throws IOException {
        byte[] data = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
        Path f = dir.resolve("b.bin");
        ObjectNode args = tools.args("local").put("path", f.toString()).put("content_base64", Base64.getEncoder().encodeToString(data));
        assertFalse(tools.call("write_file", args).isError());
        assertArrayEquals(data, Files.readAllBytes(f));
    }

    @Test
    void exactlyOneKindOfContent() {
        String path = dir.resolve("x").toString();
        Result both = tools.call("write_file", tools.args("local").put("path", path).put("content", "a").put("content_base64", "YQ=="));
        assertTrue(both.isError());
        assertTrue(both.text().contains("not both"), both.text());
        Result neither = tools.call("write_file", tools.args("local").put("path", path));
        assertTrue(neither.isError());
        Result bad = tools.call("write_file", tools.args("local").put("path", path).put("content_base64", "not base64!"));
        assertTrue(bad.isError());
        assertTrue(bad.text().contains("base64"), bad.text());
        assertFalse(Files.exists(Path.of(path)));
    }

    @Test
    void writingOntoADirectoryIsRefused() {
        Result r = write(dir, "x");
        assertTrue(r.isError());
        assertTrue(r.text().contains("is a directory"), r.text());
    }

    // ---- edit_file

    @Test
    void replacesTheSingleOccurrenceAndShowsContext() throws IOException {
        Path f = Files.writeString(dir.resolve("a.py"), "def f():\n    return 1\n\nprint(f())\n");
        Result r = edit(f, "return 1", "return 2");
        assertFalse(r.isError(), r.text());
        assertEquals("def f():\n    return 2\n\nprint(f())\n", Files.readString(f));
        ObjectNode s = r.structured();
        assertEquals(1, s.get("replacements").asInt());
        assertEquals(2, s.get("first_line").asInt());
        assertEquals(Digests.sha256(Files.readAllBytes(f)), s.get("sha256").asText());
        assertTrue(s.get("context").asText().contains("     2\t    return 2"), s.get("context").asText());
        assertEquals(List.of("a.py"), names(dir));
    }

    @Test
    void zeroMatchesIsAnErrorWithAWhitespaceHint() throws IOException {
        Path f = Files.writeString(dir.resolve("a.py"), "if x:\n\tcall()\n");
        Result plain = edit(f, "nothing like this", "y");
        assertTrue(plain.isError());
        assertTrue(plain.text().contains("not found"), plain.text());

        Result spaces = edit(f, "if x:\n    call()", "if y:\n    call()");
        assertTrue(spaces.isError());
        assertTrue(spaces.text().contains("whitespace"), spaces.text());
        assertEquals("if x:\n\tcall()\n", Files.readString(f));
    }

    @Test
    void lineNumberPrefixesCopiedFromReadFileGetAHint() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "alpha\nbeta\n");
        Result r = edit(f, "     2\tbeta", "gamma");
        assertTrue(r.isError());
        assertTrue(r.text().contains("line-number prefixes"), r.text());
    }

    @Test
    void severalMatchesSayHowManyAndWhere() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "x = 1\ny = 2\nx = 1\nz\nx = 1\n");
        Result r = edit(f, "x = 1", "x = 9");
        assertTrue(r.isError());
        assertTrue(r.text().contains("3 times") && r.text().contains("lines 1, 3, 5") && r.text().contains("replace_all"), r.text());

        Result all = tools.call("edit_file", editArgs(f, "x = 1", "x = 9").put("replace_all", true));
        assertFalse(all.isError(), all.text());
        assertEquals(3, all.structured().get("replacements").asInt());
        assertEquals("x = 9\ny = 2\nx = 9\nz\nx = 9\n", Files.readString(f));
    }

    @Test
    void crlfFilesKeepCrlfWhenTheModelUsesLf() throws IOException {
        Path f = Files.write(dir.resolve("w.txt"), "first\r\nsecond\r\nthird\r\n".getBytes(StandardCharsets.UTF_8));
        Result r = edit(f, "first\nsecond", "first\ninserted\nsecond");
        assertFalse(r.isError(), r.text());
        assertEquals("first\r\ninserted\r\nsecond\r\nthird\r\n", Files.readString(f));
    }

    @Test
    void bytesOutsideTheEditAreKept() throws IOException {
        byte[] original = "\uFEFFemoji 😀 tab\there\nno final newline".getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("u.txt"), original);
        assertFalse(edit(f, "tab", "TAB").isError());
        assertArrayEquals("\uFEFFemoji 😀 TAB\there\nno final newline".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    }

    @Test
    void staleViewIsRefusedWithTheCurrentChecksum() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "v1\n");
        String current = Digests.sha256(Files.readAllBytes(f));
        Result stale = tools.call("edit_file", editArgs(f, "v1", "v2").put("expected_sha256", "0".repeat(64)));
        assertTrue(stale.isError());
        assertTrue(stale.text().contains(current) && stale.text().contains("read_file"), stale.text());
        assertEquals("v1\n", Files.readString(f));

        Result fresh = tools.call("edit_file", editArgs(f, "v1", "v2").put("expected_sha256", current.toUpperCase()));
        assertFalse(fresh.isError(), fresh.text());
        assertEquals("v2\n", Files.readString(f));
        assertEquals(current, fresh.structured().get("previous_sha256").asText());
    }

    @Test
    void aConcurrentWriterIsNotSilentlyUndone() throws IOException {
        Path f = Files.writeString(dir.resolve("shared.txt"), "counter = 1\n");
        local.afterWrite = () -> {
            try {
                Files.writeString(f, "counter = 1\nappended by someone else\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Result r = edit(f, "counter = 1", "counter = 2");
        assertTrue(r.isError());
        assertTrue(r.text().contains("changed by something else"), r.text());
        assertEquals("counter = 1\nappended by someone else\n", Files.readString(f));
        assertEquals(List.of("shared.txt"), names(dir));
    }

    @Test
    void nonUtf8AndBinaryFilesAreRefusedUntouched() throws IOException {
        byte[] latin1 = "caf\u00e9 = 1\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = Files.write(dir.resolve("l1.txt"), latin1);
        Result r = edit(f, "= 1", "= 2");
        assertTrue(r.isError());
        assertTrue(r.text().contains("not valid UTF-8"), r.text());
        assertArrayEquals(latin1, Files.readAllBytes(f));

        Path bin = Files.write(dir.resolve("b.bin"), new byte[] {'a', 0, 'b'});
        Result b = edit(bin, "a", "c");
        assertTrue(b.isError());
        assertTrue(b.text().contains("binary"), b.text());
    }

    @Test
    void missingFileAndEmptyOldString() throws IOException {
        Result missing = edit(dir.resolve("nope"), "a", "b");
        assertTrue(missing.isError());
        assertTrue(missing.text().contains("write_file"), missing.text());
        Path f = Files.writeString(dir.resolve("a.txt"), "abc");
        Result empty = edit(f, "", "b");
        assertTrue(empty.isError());
        assertTrue(empty.text().contains("old_string"), empty.text());
    }
}
