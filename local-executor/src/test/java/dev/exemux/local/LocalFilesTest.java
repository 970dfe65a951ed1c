package dev.exemux.local;

import static dev.exemux.local.Futures.await;
import static dev.exemux.local.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

    private static final LocalExecutor local = new LocalExecutor();

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        local.shutdown();
    }

    private static byte[] allByteValues() {
        byte[] data = new byte[256 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void statReportsTypeSizeAndTimeAndSymlinksAsTheirTarget() throws IOException {
        Path file = Files.write(dir.resolve("f.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("to-sub"), sub);

        assertEquals(new FileMetadata(false, true, false, 5, 1_600_000_000_000L), await(local.stat(file.toString())));
        FileMetadata directory = await(local.stat(sub.toString()));
        assertTrue(directory.isDirectory());
        assertFalse(directory.isFile() || directory.isSymlink());
        FileMetadata link = await(local.stat(path("to-sub")));
        assertTrue(link.isDirectory() && link.isSymlink() && !link.isFile());
    }

    @Test
    void missingPathsAndWhatDanglingLinksPointAtAreNotFoundAndNamed() throws IOException {
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        String missing = path("missing");
        assertEquals("No such file or directory: " + missing, failure(local.stat(missing), Reason.NOT_FOUND).getMessage());
        assertTrue(await(local.stat(path("dangling"))).danglingLink(), "the link itself exists");
        failure(local.readFile(path("dangling")), Reason.NOT_FOUND);
        failure(local.canonicalize(path("dangling")), Reason.NOT_FOUND);
        failure(local.readFile(missing), Reason.NOT_FOUND);
        failure(local.listDirectory(missing), Reason.NOT_FOUND);
        failure(local.canonicalize(missing), Reason.NOT_FOUND);
        failure(local.openRead(missing), Reason.NOT_FOUND);
    }

    @Test
    void relativeEmptyAndNulPathsAreInvalidArguments() {
        assertEquals("path must be absolute: tmp", failure(local.stat("tmp"), Reason.INVALID_ARGUMENT).getMessage());
        failure(local.readFile(""), Reason.INVALID_ARGUMENT);
        failure(local.writeFile("rel/x", new byte[1]), Reason.INVALID_ARGUMENT);
        failure(local.copy(path("a"), "b", false), Reason.INVALID_ARGUMENT);
        String nul = failure(local.stat("/tmp/a\0b"), Reason.INVALID_ARGUMENT).getMessage();
        assertTrue(nul.contains("\\u0000"), nul);
    }

    @Test
    void binaryContentRoundTripsThroughPathsWithSpacesAndNonAscii() throws IOException {
        Path weird = Files.createDirectory(dir.resolve("dir with spaces ünïcödé 日本"));
        String file = weird.resolve("fïle ✓.bin").toString();
        byte[] data = allByteValues();

        await(local.writeFile(file, data));

        assertArrayEquals(data, Files.readAllBytes(Path.of(file)));
        assertArrayEquals(data, await(local.readFile(file)));
        List<DirectoryEntry> listed = await(local.listDirectory(weird.toString()));
        assertEquals(List.of("fïle ✓.bin"), listed.stream().map(DirectoryEntry::name).toList());
        assertEquals(data.length, listed.get(0).metadata().size());
    }

    @Test
    void writeFileTruncatesAndNeedsAnExistingParent() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[1000]);
        await(local.writeFile(file.toString(), new byte[] {1, 2}));
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(file));

        String orphan = path("no-such-dir/f");
        assertEquals("No such file or directory: " + orphan,
                failure(local.writeFile(orphan, new byte[1]), Reason.NOT_FOUND).getMessage());
        failure(local.writeFile(dir.toString(), new byte[1]), Reason.IS_A_DIRECTORY);
        failure(local.readFile(dir.toString()), Reason.IS_A_DIRECTORY);
    }

    @Test
    void devicesAndFifosAreRefusedInsteadOfReadForever() throws Exception {
        failure(local.readFile("/dev/zero"), Reason.INVALID_ARGUMENT);
        failure(local.openRead("/dev/zero"), Reason.INVALID_ARGUMENT);
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        failure(local.readFile(fifo.toString()), Reason.INVALID_ARGUMENT);
        failure(local.openRead(fifo.toString()), Reason.INVALID_ARGUMENT);
    }

    @Test
    void listDirectoryAndStatReportLinksWithTheirTargetsAndDanglingLinksAsSuch() throws IOException {
        Files.write(dir.resolve("file"), new byte[3]);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link-to-sub"), sub);
        Files.createSymbolicLink(dir.resolve("link-to-file"), Path.of("file"));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));

        Map<String, DirectoryEntry> entries = await(local.listDirectory(dir.toString())).stream()
                .collect(Collectors.toMap(DirectoryEntry::name, e -> e));

        assertEquals(java.util.Set.of("file", "sub", "link-to-sub", "link-to-file", "dangling", "loop"), entries.keySet());
        assertTrue(entries.get("file").isFile() && !entries.get("file").metadata().isSymlink());
        assertEquals(3, entries.get("file").metadata().size());
        assertTrue(entries.get("sub").isDirectory());
        FileMetadata toSub = entries.get("link-to-sub").metadata();
        assertTrue(toSub.isSymlink() && toSub.isDirectory() && !toSub.danglingLink());
        assertEquals(sub.toString(), toSub.linkTarget());
        FileMetadata toFile = entries.get("link-to-file").metadata();
        assertTrue(toFile.isSymlink() && toFile.isFile());
        assertEquals("file", toFile.linkTarget());
        assertEquals(3, toFile.size(), "a link's size is its target's");
        for (String name : List.of("dangling", "loop")) {
            FileMetadata m = entries.get(name).metadata();
            assertTrue(m.isSymlink() && m.danglingLink() && !m.isFile() && !m.isDirectory(), name + ": " + m);
            assertEquals(m, await(local.stat(path(name))), "stat agrees with the listing");
        }
        assertEquals(dir.resolve("nowhere").toString(), entries.get("dangling").metadata().linkTarget());
        failure(local.listDirectory(path("file")), Reason.NOT_A_DIRECTORY);
        // A dangling link is removable like any link.
        await(local.remove(path("dangling"), false, true));
        assertFalse(Files.exists(dir.resolve("dangling"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void createDirectoryRecursiveOrNot() throws IOException {
        String nested = path("a/b/c");
        await(local.createDirectory(nested, true));
        await(local.createDirectory(nested, true)); // existing is fine
        assertTrue(Files.isDirectory(Path.of(nested)));

        failure(local.createDirectory(path("x/y"), false), Reason.NOT_FOUND);
        assertEquals("File exists: " + nested, failure(local.createDirectory(nested, false), Reason.ALREADY_EXISTS).getMessage());
        await(local.createDirectory(path("single"), false));
        assertTrue(Files.isDirectory(dir.resolve("single")));
        Files.write(dir.resolve("plain"), new byte[0]);
        failure(local.createDirectory(path("plain"), true), Reason.ALREADY_EXISTS);
    }

    @Test
    void removeHonoursRecursiveAndForce() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/deep/deeper"));
        Files.write(tree.resolve("f"), new byte[10]);
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.write(outside.resolve("keep"), new byte[1]);
        Files.createSymbolicLink(dir.resolve("tree/link-out"), outside);

        failure(local.remove(path("tree"), false, false), Reason.DIRECTORY_NOT_EMPTY);
        failure(local.remove(path("gone"), false, false), Reason.NOT_FOUND);
        await(local.remove(path("gone"), false, true));

        await(local.remove(path("tree"), true, false));
        assertFalse(Files.exists(dir.resolve("tree"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(outside.resolve("keep")), "a symlink inside is removed, never followed");

        await(local.remove(outside.resolve("keep").toString(), false, false));
        await(local.remove(outside.toString(), false, false)); // empty directory
        assertFalse(Files.exists(outside));
    }

    @Test
    void copyOverwritesFilesCopiesTreesAndKeepsSymlinks() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/inner")).getParent();
        Files.write(src.resolve("inner/data.bin"), allByteValues());
        Files.createSymbolicLink(src.resolve("rel-link"), Path.of("inner/data.bin"));

        failure(local.copy(src.toString(), path("dst"), false), Reason.INVALID_ARGUMENT);
        failure(local.copy(src.toString(), src.resolve("inner/self").toString(), true), Reason.INVALID_ARGUMENT);

        await(local.copy(src.toString(), path("dst"), true));
        assertArrayEquals(allByteValues(), Files.readAllBytes(dir.resolve("dst/inner/data.bin")));
        assertTrue(Files.isSymbolicLink(dir.resolve("dst/rel-link")));
        assertEquals(Path.of("inner/data.bin"), Files.readSymbolicLink(dir.resolve("dst/rel-link")));

        Path target = Files.write(dir.resolve("target"), new byte[5000]);
        await(local.copy(src.resolve("inner/data.bin").toString(), target.toString(), false));
        assertArrayEquals(allByteValues(), Files.readAllBytes(target));
        failure(local.copy(target.toString(), src.toString(), false), Reason.IS_A_DIRECTORY);
        failure(local.copy(path("missing"), path("x"), false), Reason.NOT_FOUND);
    }

    @Test
    void canonicalizeResolvesSymlinksAndDots() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real/sub"));
        Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("real"));
        assertEquals(real.toRealPath().toString(), await(local.canonicalize(path("alias/./sub/../sub"))));
    }

    @Test
    void moveReplacesTheDestinationAtomically() throws IOException {
        Path from = Files.write(dir.resolve("new"), "new".getBytes(StandardCharsets.UTF_8));
        Path to = Files.write(dir.resolve("old"), "old".getBytes(StandardCharsets.UTF_8));
        await(local.move(from.toString(), to.toString()));
        assertEquals("new", Files.readString(to));
        assertFalse(Files.exists(from));
        failure(local.move(from.toString(), to.toString()), Reason.NOT_FOUND);
    }

    @Test
    void permissionDeniedIsReportedAsSuch() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path locked = Files.write(dir.resolve("locked"), new byte[1]);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        failure(local.readFile(locked.toString()), Reason.PERMISSION_DENIED);
    }
}
