package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryToolsTest extends LocalToolTest {

    private Result call(String tool, Path path, String extra) {
        return tools.call(tool, "{'exe_id':'local','path':'" + path + "'" + extra + "}");
    }

    private static List<String> paths(Result r) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.structured().get("entries")) {
            out.add(e.get("type").asText() + ":" + e.get("path").asText() + (e.has("size") ? ":" + e.get("size").asLong() : ""));
        }
        return out;
    }

    // ---- list_directory

    @Test
    void listsSortedWithTypesAndSizesWithoutHiddenEntries() throws IOException {
        Files.writeString(dir.resolve("b.txt"), "12345");
        Files.createDirectory(dir.resolve("a-dir"));
        Files.writeString(dir.resolve(".secret"), "x");
        Files.createSymbolicLink(dir.resolve("c-link"), dir.resolve("b.txt"));
        Result r = call("list_directory", dir, "");
        assertFalse(r.isError(), r.text());
        assertEquals(List.of("dir:a-dir", "file:b.txt:5", "symlink:c-link:5"), paths(r));
        assertEquals(1, r.structured().get("hidden_skipped").asInt());
        assertTrue(r.text().contains("include_hidden"), r.text());

        Result all = call("list_directory", dir, ",'include_hidden':true");
        assertEquals(List.of("file:.secret:1", "dir:a-dir", "file:b.txt:5", "symlink:c-link:5"), paths(all));
    }

    @Test
    void depthListsSubdirectoriesRightAfterTheirParentButNotThroughSymlinks() throws IOException {
        Files.createDirectories(dir.resolve("a/deep/deeper"));
        Files.writeString(dir.resolve("a/x.txt"), "");
        Files.writeString(dir.resolve("a-b.txt"), "");
        Files.createSymbolicLink(dir.resolve("loop"), dir);
        Result r = call("list_directory", dir, ",'depth':2");
        assertEquals(List.of("dir:a", "dir:a/deep", "file:a/x.txt:0", "file:a-b.txt:0", "symlink:loop"), paths(r));
        assertTrue(r.structured().get("complete").asBoolean());
    }

    @Test
    void bigDirectoriesAreCappedAndSayHowManyWereLeftOut() throws IOException {
        for (int i = 0; i < ListDirectoryTool.MAX_ENTRIES + 37; i++) {
            Files.createFile(dir.resolve(String.format("f%05d", i)));
        }
        Result r = call("list_directory", dir, "");
        assertEquals(ListDirectoryTool.MAX_ENTRIES, r.structured().get("entries").size());
        assertEquals(37, r.structured().get("omitted").asInt());
        assertEquals("f00000", r.structured().get("entries").get(0).get("path").asText());
        assertTrue(r.text().contains("37 more entries not shown"), r.text());
    }

    @Test
    void entriesPastTheLimitAreCountedAtEveryRequestedDepth() throws IOException {
        // 1,100 files and a directory "d" at the top: the limit is reached there, yet d's 10 subdirectories
        // (5 files each) are as much "not shown" as the 100 files past the limit.
        for (int i = 0; i < 1100; i++) {
            Files.writeString(dir.resolve(String.format("f%04d", i)), "");
        }
        for (int i = 0; i < 10; i++) {
            Path sub = Files.createDirectories(dir.resolve("d/s" + i));
            for (int j = 0; j < 5; j++) {
                Files.writeString(sub.resolve("x" + j), "");
            }
        }
        Result r = call("list_directory", dir, ",'depth':3");
        assertEquals(ListDirectoryTool.MAX_ENTRIES, r.structured().get("entries").size());
        assertEquals(101 + 10 + 50, r.structured().get("omitted").asInt(), r.text());
        assertTrue(r.structured().get("complete").asBoolean());
        assertTrue(r.text().contains("[161 more entries not shown"), r.text());
    }

    @Test
    void manySubdirectoriesAreListedForWhatIsShownAndCountedWithinABudget() throws IOException {
        // 600 directories of one file each: depth 2 shows them all and 400 of their files, counting the rest.
        Path first = Files.createDirectory(dir.resolve("first"));
        for (int i = 0; i < 600; i++) {
            Files.writeString(Files.createDirectories(first.resolve(String.format("d%03d", i))).resolve("f"), "");
        }
        Result two = call("list_directory", first, ",'depth':2");
        assertEquals(ListDirectoryTool.MAX_ENTRIES, two.structured().get("entries").size());
        assertEquals(200, two.structured().get("omitted").asInt());
        assertTrue(two.structured().get("complete").asBoolean());

        // The limit is reached at the top, and "a" holds 600 directories: counting their files would take
        // 600 listings, past the budget, so the count is a lower bound and says so.
        Path second = Files.createDirectory(dir.resolve("second"));
        for (int i = 0; i < ListDirectoryTool.MAX_ENTRIES; i++) {
            Files.writeString(second.resolve(String.format("g%04d", i)), "");
        }
        for (int i = 0; i < 600; i++) {
            Files.writeString(Files.createDirectories(second.resolve(String.format("a/s%03d", i))).resolve("f"), "");
        }
        Result three = call("list_directory", second, ",'depth':3");
        assertFalse(three.structured().get("complete").asBoolean(), three.text());
        // g0999, a's 600 directories, and the files of those listed with what was left of the budget after a itself.
        assertEquals(1 + 600 + ListDirectoryTool.MAX_COUNTING_LISTINGS - 1, three.structured().get("omitted").asInt(), three.text());
        assertTrue(three.text().contains("[At least 1112 more entries not shown"), three.text());
    }

    @Test
    void listingAFileOrAMissingPathIsAnError() throws IOException {
        Result file = call("list_directory", Files.createFile(dir.resolve("f")), "");
        assertTrue(file.isError());
        assertTrue(file.text().contains("not a directory"), file.text());
        Result missing = call("list_directory", dir.resolve("nope"), "");
        assertTrue(missing.isError());
        assertTrue(missing.text().contains("does not exist"), missing.text());
    }

    // ---- stat_path

    @Test
    void statReportsTypeSizeTimeAndSymlinkFlag() throws IOException {
        Path f = Files.writeString(dir.resolve("f.txt"), "abc");
        ObjectNode s = call("stat_path", f, "").structured();
        assertEquals("file", s.get("type").asText());
        assertEquals(3, s.get("size").asLong());
        assertFalse(s.get("is_symlink").asBoolean());
        assertEquals(Files.getLastModifiedTime(f).toInstant().toEpochMilli(), Instant.parse(s.get("modified").asText()).toEpochMilli());

        Result linkStat = call("stat_path", Files.createSymbolicLink(dir.resolve("l"), dir), "");
        ObjectNode link = linkStat.structured();
        assertEquals("dir", link.get("type").asText());
        assertTrue(link.get("is_symlink").asBoolean());
        assertEquals(dir.toString(), link.get("target").asText());
        assertTrue(linkStat.text().contains("symlink to a dir (-> " + dir + ")"), linkStat.text());

        Result missing = call("stat_path", dir.resolve("nope"), "");
        assertTrue(missing.isError());
        assertTrue(missing.text().contains("does not exist"), missing.text());
    }

    // ---- make_directory

    @Test
    void makeDirectoryCreatesParentsByDefaultAndIsIdempotent() {
        Path nested = dir.resolve("x/y/z");
        Result r = call("make_directory", nested, "");
        assertFalse(r.isError(), r.text());
        assertTrue(Files.isDirectory(nested));
        assertTrue(r.structured().get("created").asBoolean());
        Result again = call("make_directory", nested, "");
        assertFalse(again.isError(), again.text());
        assertFalse(again.structured().get("created").asBoolean());
    }

    @Test
    void makeDirectoryWithoutParentsNeedsTheParent() throws IOException {
        Result r = call("make_directory", dir.resolve("p/q"), ",'parents':false");
        assertTrue(r.isError());
        assertTrue(r.text().contains("parents: true"), r.text());
        Result onFile = call("make_directory", Files.createFile(dir.resolve("f")), "");
        assertTrue(onFile.isError());
        assertTrue(onFile.text().contains("not a directory"), onFile.text());
    }

    // ---- remove_path

    @Test
    void refusesToRemoveTheRootHoweverItIsSpelt() {
        for (String root : new String[] {"/", "//", "/tmp/..", "/./"}) {
            Result r = tools.call("remove_path", "{'exe_id':'local','path':'" + root + "','recursive':true,'force':true}");
            assertTrue(r.isError(), root);
            assertTrue(r.text().contains("root directory"), r.text());
        }
    }

    @Test
    void nonEmptyDirectoryNeedsRecursive() throws IOException {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.writeString(d.resolve("f"), "x");
        Result r = call("remove_path", d, "");
        assertTrue(r.isError());
        assertTrue(r.text().contains("recursive: true"), r.text());
        assertTrue(Files.exists(d.resolve("f")));

        Result ok = call("remove_path", d, ",'recursive':true");
        assertFalse(ok.isError(), ok.text());
        assertFalse(Files.exists(d));
    }

    @Test
    void removesFilesEmptyDirectoriesAndLinksNotTheirTargets() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("keep"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Result r = call("remove_path", link, "");
        assertFalse(r.isError(), r.text());
        assertEquals("symlink", r.structured().get("type").asText());
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target.resolve("keep")));

        assertFalse(call("remove_path", Files.createDirectory(dir.resolve("empty")), "").isError());
        assertFalse(Files.exists(dir.resolve("empty")));
        assertFalse(call("remove_path", target.resolve("keep"), "").isError());
        assertFalse(Files.exists(target.resolve("keep")));
    }

    @Test
    void missingPathIsAnErrorUnlessForced() {
        Result r = call("remove_path", dir.resolve("nope"), "");
        assertTrue(r.isError());
        assertTrue(r.text().contains("does not exist") && r.text().contains("force"), r.text());
        Result forced = call("remove_path", dir.resolve("nope"), ",'force':true");
        assertFalse(forced.isError(), forced.text());
        assertFalse(forced.structured().get("removed").asBoolean());
    }

    // ---- definitions

    @Test
    void everyToolDeclaresSchemasAndAnnotations() {
        List<String> names = new ArrayList<>();
        for (String name : List.of("read_file", "write_file", "edit_file", "list_directory", "stat_path", "make_directory", "remove_path")) {
            Tool t = tools.tool(name);
            names.add(t.definition().name());
            assertEquals(false, t.definition().inputSchema().get("additionalProperties").asBoolean(), name);
            assertEquals("object", t.definition().outputSchema().get("type").asText(), name);
            assertTrue(t.definition().inputSchema().get("required").toString().contains("exe_id"), name);
        }
        assertEquals(7, names.size());
        assertTrue(tools.tool("read_file").definition().readOnly());
        assertTrue(tools.tool("list_directory").definition().readOnly());
        assertTrue(tools.tool("stat_path").definition().readOnly());
        assertTrue(tools.tool("remove_path").definition().destructive());
        assertTrue(tools.tool("write_file").definition().destructive());
        assertFalse(tools.tool("edit_file").definition().idempotent());
        assertFalse(tools.tool("make_directory").definition().destructive());
    }

    @Test
    void wrongArgumentTypesAreErrorsNotExceptions() {
        Result r = tools.call("list_directory", "{'exe_id':'local','path':'/tmp','depth':'deep'}");
        assertTrue(r.isError());
        assertTrue(r.text().contains("depth"), r.text());
        Result missing = tools.call("stat_path", "{'path':'/tmp'}");
        assertTrue(missing.isError());
        assertTrue(missing.text().contains("exe_id"), missing.text());
    }
}
