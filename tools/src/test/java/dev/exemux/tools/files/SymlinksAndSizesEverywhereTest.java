package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symlinks behave the same on every executor, the oldest codex release included: writes and edits go to
 * the target, links are reported as links with their target, a {@code ..} loop is not followed, a
 * dangling link is listed, stat'ed, refused as a write target (saying why) and removable. And
 * stat_path/list_directory give sizes on releases whose protocol has none, with one process per listing.
 */
class SymlinksAndSizesEverywhereTest {

    @TempDir Path dir;

    /** local, the oldest release (no isSymlink, no fs/canonicalize), the old one (no fs/canonicalize) and the newest. */
    static Stream<String> executors() {
        return Stream.of("local", CodexRelease.OLDEST, CodexRelease.OLD, CodexRelease.NEW);
    }

    /** The oldest release and the newest whose protocol has no sizes (they came in 0.140). */
    static Stream<String> releasesWithoutSizes() {
        return Stream.of(CodexRelease.OLDEST, CodexRelease.newestBefore("0.140.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executors")
    void symlinksBehaveAlikeEverywhere(String where) throws Exception {
        Files.writeString(dir.resolve("file.txt"), "one\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt"));
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.createSymbolicLink(dir.resolve("sub/up"), Path.of(".."));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Path danglingDir = Files.createSymbolicLink(dir.resolve("gone-dir"), Path.of("vanished"));

        try (Target t = Target.of(where)) {
            ToolHarness tools = t.tools;
            Result write = tools.call("write_file", t.args(link).put("content", "two\n"));
            assertFalse(write.isError(), write.text());
            assertTrue(Files.isSymbolicLink(link), "the link stays a link");
            assertEquals("two\n", Files.readString(dir.resolve("file.txt")));
            assertEquals(dir.resolve("file.txt").toRealPath().toString(), write.structured().get("path").asText());

            Result edit = tools.call("edit_file", t.args(link).put("old_string", "two").put("new_string", "three"));
            assertFalse(edit.isError(), edit.text());
            assertTrue(Files.isSymbolicLink(link));
            assertEquals("three\n", Files.readString(dir.resolve("file.txt")));

            ObjectNode stat = tools.call("stat_path", t.args(link)).structured();
            assertTrue(stat.get("is_symlink").asBoolean(), stat.toString());
            assertEquals("file", stat.get("type").asText());
            assertEquals("file.txt", stat.get("target").asText());
            assertEquals(6, stat.get("size").asLong());

            Result danglingStat = tools.call("stat_path", t.args(dangling));
            assertFalse(danglingStat.isError(), danglingStat.text());
            assertEquals("missing", danglingStat.structured().get("type").asText());
            assertTrue(danglingStat.structured().get("is_symlink").asBoolean());
            assertEquals("nowhere", danglingStat.structured().get("target").asText());
            assertTrue(danglingStat.text().contains("does not exist"), danglingStat.text());

            // Depth 4 through a tree with a '..' link: the link is listed, never followed.
            Result list = tools.call("list_directory", t.args(dir).put("depth", 4));
            assertFalse(list.isError(), list.text());
            Map<String, JsonNode> entries = new HashMap<>();
            list.structured().get("entries").forEach(e -> entries.put(e.get("path").asText(), e));
            assertEquals(java.util.Set.of("dangling", "file.txt", "gone-dir", "link", "sub", "sub/deeper", "sub/up"),
                    entries.keySet(), list.text());
            assertEquals("symlink", entries.get("link").get("type").asText());
            assertEquals("file.txt", entries.get("link").get("target").asText());
            assertEquals(6, entries.get("link").get("size").asLong());
            assertEquals(6, entries.get("file.txt").get("size").asLong());
            assertEquals("..", entries.get("sub/up").get("target").asText());
            assertTrue(entries.get("dangling").get("dangling").asBoolean());
            assertTrue(list.text().contains("dangling -> nowhere (missing)"), list.text());

            Result readDangling = tools.call("read_file", t.args(dangling));
            assertTrue(readDangling.isError() && readDangling.text().contains("symlink to nowhere, which does not exist"),
                    readDangling.text());
            Result editDangling = tools.call("edit_file", t.args(dangling).put("old_string", "a").put("new_string", "b"));
            assertTrue(editDangling.isError() && editDangling.text().contains("which does not exist"), editDangling.text());

            Result writeDangling = tools.call("write_file", t.args(dangling).put("content", "x"));
            assertTrue(writeDangling.isError(), writeDangling.text());
            assertTrue(writeDangling.text().contains("nowhere, which does not exist, so nothing was written"), writeDangling.text());
            assertTrue(Files.isSymbolicLink(dangling));
            assertFalse(Files.exists(dir.resolve("nowhere")));

            Result mkdir = tools.call("make_directory", t.args(danglingDir));
            assertTrue(mkdir.isError());
            assertTrue(mkdir.text().contains("a symlink to vanished, which does not exist"), mkdir.text());

            Result removed = tools.call("remove_path", t.args(dangling).put("force", true));
            assertFalse(removed.isError(), removed.text());
            assertTrue(removed.structured().get("removed").asBoolean(), removed.text());
            assertFalse(Files.exists(dangling, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the dangling link is gone");
            Result removedWithoutForce = tools.call("remove_path", t.args(danglingDir));
            assertFalse(removedWithoutForce.isError(), removedWithoutForce.text());
            assertTrue(removedWithoutForce.text().startsWith("Removed symlink"), removedWithoutForce.text());
            assertFalse(Files.exists(danglingDir, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("releasesWithoutSizes")
    void sizesOnReleasesWithoutThemWithOneProcessPerListing(String version) throws Exception {
        Files.write(dir.resolve("a.bin"), new byte[12_345]);
        Files.writeString(dir.resolve("b.txt"), "hello\n");
        Files.createDirectory(dir.resolve("sub"));
        for (int i = 0; i < 40; i++) {
            Files.write(dir.resolve("sub/f" + i), new byte[i]);
        }
        try (Target t = Target.of(version)) {
            long before = t.processes();
            ObjectNode stat = t.tools.call("stat_path", t.args(dir.resolve("a.bin"))).structured();
            assertEquals(12_345, stat.get("size").asLong(), stat.toString());
            assertTrue(t.processes() - before <= 1, (t.processes() - before) + " processes for one stat_path");

            before = t.processes();
            Result list = t.tools.call("list_directory", t.args(dir).put("depth", 2));
            assertFalse(list.isError(), list.text());
            long used = t.processes() - before;
            assertTrue(used <= 2, used + " processes for two listings");
            Map<String, Long> sizes = new HashMap<>();
            list.structured().get("entries").forEach(e -> {
                if (e.get("type").asText().equals("file")) {
                    sizes.put(e.get("path").asText(), e.get("size").asLong());
                }
            });
            assertEquals(42, sizes.size(), list.text());
            assertEquals(12_345, sizes.get("a.bin"));
            assertEquals(6, sizes.get("b.txt"));
            assertEquals(39, sizes.get("sub/f39"));
        }
    }

    /** The executor under test: the embedded one, or a real codex release through the bridge pool. */
    private record Target(String exeId, ToolHarness tools, ForwardingExecutor executor, AutoCloseable cleanup)
            implements AutoCloseable {

        static Target of(String where) {
            if (where.equals("local")) {
                ForwardingExecutor local = ForwardingExecutor.local();
                return new Target("local", ToolHarness.fileTools(local), local, local::shutdown);
            }
            ExecServer server = ExecServer.start(where);
            ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))));
            ForwardingExecutor codex = new ForwardingExecutor(pool.resolve("codex"));
            return new Target("codex", ToolHarness.fileTools(codex), codex, () -> {
                pool.close();
                server.close();
            });
        }

        ObjectNode args(Path path) {
            return tools.args(exeId).put("path", path.toString());
        }

        /** Processes started on the executor, bridge-client's own helpers included. */
        long processes() {
            return executor.processesOnExecutor();
        }

        @Override
        public void close() throws Exception {
            cleanup.close();
        }
    }
}
