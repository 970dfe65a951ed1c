package dev.exemux.tools.files;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file tools through the bridge pool against real codex exec-servers: an old release (plain
 * paths, no size in metadata, no streamed reads) and a new one (file:// URIs, fs/readBlock). The
 * peer runs on this machine, so the test sets up and checks files with java.nio.
 */
class RealCodexFileToolsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void fileToolsWorkOnARealRelease(String version) throws IOException {
        try (ExecServer server = ExecServer.start(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            ForwardingExecutor codex = new ForwardingExecutor(pool.resolve("codex"));
            ToolHarness tools = ToolHarness.fileTools(codex);
            Path work = Files.createDirectory(dir.resolve("work dir é"));

            // write_file: new file, then a replacement; no temporary left behind.
            Path file = work.resolve("notes.txt");
            Result created = tools.call("write_file", args(tools, file).put("content", "alpha\nbeta\ngamma\n"));
            assertFalse(created.isError(), created.text());
            Result replaced = tools.call("write_file", args(tools, file).put("content", "one\ntwo\nthree\n"));
            assertFalse(replaced.isError(), replaced.text());
            assertFalse(replaced.structured().get("created").asBoolean());
            assertEquals("one\ntwo\nthree\n", Files.readString(file));
            assertEquals(List.of("notes.txt"), names(work));
            Result appended = tools.call("write_file", args(tools, file).put("content", "four\n").put("append", true));
            assertFalse(appended.isError(), appended.text());
            assertEquals("one\ntwo\nthree\nfour\n", Files.readString(file));
            Files.writeString(file, "one\ntwo\nthree\n");
            assertEquals(List.of("notes.txt"), names(work));

            // read_file: numbered lines and a window. The size comes with the metadata on every release
            // (bridge-client gets it where the protocol does not): the tool starts no process for it, and a
            // release without sizes spends one process in all (the stat; the small file is then read whole).
            codex.processesStarted.set(0);
            long processesBefore = codex.processesOnExecutor();
            Result read = tools.call("read_file", args(tools, file).put("offset", 2).put("limit", 1));
            assertEquals("     2\ttwo", read.structured().get("content").asText(), read.text());
            assertEquals(3, read.structured().get("next_offset").asInt());
            assertEquals(14, read.structured().get("size").asLong(), read.structured().toString());
            assertEquals(0, codex.processesStarted.get(), "the tool started no process to learn the size");
            assertEquals(server.release().atLeast("0.140.0") ? 0 : 1, codex.processesOnExecutor() - processesBefore,
                    "processes for one read_file");

            // read_file: the tail of a 24 MB file moves about one block, whatever the release.
            Path log = work.resolve("big.log");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
                for (int i = 1; i <= 1_500_000; i++) {
                    out.write(("event " + i + " happened\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            codex.bytesRead.set(0);
            Result tail = tools.call("read_file", args(tools, log).put("offset", -3));
            assertFalse(tail.isError(), tail.text());
            assertEquals("    -3\tevent 1499998 happened\n    -2\tevent 1499999 happened\n    -1\tevent 1500000 happened",
                    tail.structured().get("content").asText());
            assertEquals(Files.size(log), tail.structured().get("size").asLong());
            assertTrue(codex.bytesRead.get() > 0, "reads are counted");
            assertTrue(codex.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK, "moved " + codex.bytesRead.get() + " bytes");

            // A tail whose next-to-last line is 20 MB stops at the clamp; text after 20 MB of NULs is binary.
            Path huge = work.resolve("huge-line.log");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(huge), 1 << 16)) {
                out.write("first\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 2000; i++) {
                    out.write(chunk);
                }
                out.write("\nlast\n".getBytes(StandardCharsets.US_ASCII));
            }
            codex.bytesRead.set(0);
            Result hugeTail = tools.call("read_file", args(tools, huge).put("offset", -2));
            assertFalse(hugeTail.isError(), hugeTail.text());
            assertTrue(hugeTail.structured().get("content").asText().endsWith("bytes]\n    -1\tlast"), hugeTail.text());
            assertTrue(codex.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK, "moved " + codex.bytesRead.get() + " bytes");
            Path sparse = work.resolve("sparse.img");
            try (var ch = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap("x\ny\n".getBytes(StandardCharsets.US_ASCII)), 20L << 20);
            }
            codex.bytesRead.set(0);
            Result sparseTail = tools.call("read_file", args(tools, sparse).put("offset", -2));
            assertTrue(sparseTail.structured().get("binary").asBoolean(), sparseTail.text());
            assertTrue(codex.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK, "moved " + codex.bytesRead.get() + " bytes");
            Files.delete(huge);
            Files.delete(sparse);

            // Binary detection and base64 slices.
            byte[] blob = new byte[3000];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) (i * 7);
            }
            Path bin = Files.write(work.resolve("blob.bin"), blob);
            assertTrue(tools.call("read_file", args(tools, bin)).structured().get("binary").asBoolean());
            ObjectNode slice = tools.call("read_file", args(tools, bin).put("encoding", "base64").put("offset", 1000).put("limit", 16))
                    .structured();
            assertEquals(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(blob, 1000, 1016)), slice.get("content").asText());

            // edit_file keeps CRLF.
            Path crlf = Files.writeString(work.resolve("win.ini"), "[a]\r\nkey=1\r\n");
            Result edit = tools.call("edit_file", args(tools, crlf).put("old_string", "[a]\nkey=1").put("new_string", "[a]\nkey=2\nnew=3"));
            assertFalse(edit.isError(), edit.text());
            assertEquals("[a]\r\nkey=2\r\nnew=3\r\n", Files.readString(crlf));

            // list_directory, stat_path, make_directory.
            Files.writeString(work.resolve(".hidden"), "h");
            Result mk = tools.call("make_directory", args(tools, work.resolve("sub/deeper")));
            assertFalse(mk.isError(), mk.text());
            Result list = tools.call("list_directory", args(tools, work));
            assertEquals("big.log,blob.bin,notes.txt,sub,win.ini", String.join(",",
                    list.structured().get("entries").findValuesAsText("path")), list.text());
            assertEquals(1, list.structured().get("hidden_skipped").asInt());
            ObjectNode stat = tools.call("stat_path", args(tools, bin)).structured();
            assertEquals("file", stat.get("type").asText());
            Result missing = tools.call("stat_path", args(tools, work.resolve("nope")));
            assertTrue(missing.isError());
            assertTrue(missing.text().contains("does not exist"), missing.text());

            Result underFile = tools.call("read_file", args(tools, bin.resolve("x")));
            assertTrue(underFile.isError());
            assertTrue(underFile.text().contains(bin + "/x") && underFile.text().contains("'codex'"), underFile.text());

            // remove_path guards, then removal of a link (not its target) and of a tree.
            Result guarded = tools.call("remove_path", args(tools, work.resolve("sub")));
            assertTrue(guarded.isError());
            assertTrue(guarded.text().contains("recursive: true"), guarded.text());
            Path link = Files.createSymbolicLink(work.resolve("link"), work.resolve("sub"));
            Result unlinked = tools.call("remove_path", args(tools, link));
            assertFalse(unlinked.isError(), unlinked.text());
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.isDirectory(work.resolve("sub/deeper")));
            Result removed = tools.call("remove_path", args(tools, work.resolve("sub")).put("recursive", true));
            assertFalse(removed.isError(), removed.text());
            assertFalse(Files.exists(work.resolve("sub")));
            assertArrayEquals(blob, Files.readAllBytes(bin));
        }
    }

    private static ObjectNode args(ToolHarness tools, Path path) {
        return tools.args("codex").put("path", path.toString());
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
