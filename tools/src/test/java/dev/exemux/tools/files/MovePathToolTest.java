package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MovePathToolTest extends LocalToolTest {

    private Result move(Path src, Path dst, boolean overwrite) {
        return tools.call("move_path", tools.args("local").put("src", src.toString()).put("dst", dst.toString()).put("overwrite", overwrite));
    }

    @Test
    void renamesAFileWithinAndAcrossDirectoriesKeepingItsMode() throws IOException {
        Path f = Files.writeString(dir.resolve("a.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        Result r = move(f, dir.resolve("b.sh"), false);
        assertFalse(r.isError(), r.text());
        assertFalse(r.get("cross_device").asBoolean());
        assertEquals("file", r.string("type"));
        assertTrue(r.text().contains("(atomic rename)"), r.text());
        Files.createDirectory(dir.resolve("sub"));
        Result across = move(dir.resolve("b.sh"), dir.resolve("sub/c.sh"), false);
        assertFalse(across.isError(), across.text());
        assertEquals("#!/bin/sh\n", Files.readString(dir.resolve("sub/c.sh")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/c.sh"))));
        assertFalse(Files.exists(f));
    }

    @Test
    void movesADirectoryAndReplacesOnlyWhenAsked() throws IOException {
        Path d = Files.createDirectories(dir.resolve("src/pkg"));
        Files.writeString(d.resolve("x.txt"), "x");
        Result r = move(dir.resolve("src"), dir.resolve("dst"), false);
        assertFalse(r.isError(), r.text());
        assertEquals("dir", r.string("type"));
        assertEquals("x", Files.readString(dir.resolve("dst/pkg/x.txt")));

        Path a = Files.writeString(dir.resolve("a"), "new");
        Path b = Files.writeString(dir.resolve("b"), "old");
        Result refused = move(a, b, false);
        assertTrue(refused.isError() && refused.text().contains("already exists") && refused.text().contains("overwrite: true"), refused.text());
        assertEquals("old", Files.readString(b));
        Result replaced = move(a, b, true);
        assertFalse(replaced.isError(), replaced.text());
        assertTrue(replaced.get("overwritten").asBoolean());
        assertEquals("new", Files.readString(b));

        Files.createDirectory(dir.resolve("empty"));
        assertFalse(move(dir.resolve("dst"), dir.resolve("empty"), true).isError(), "an empty directory is replaced by a directory");
        assertEquals("x", Files.readString(dir.resolve("empty/pkg/x.txt")));
        Files.createDirectory(dir.resolve("full"));
        Files.writeString(dir.resolve("full/keep"), "k");
        Result full = move(dir.resolve("empty"), dir.resolve("full"), true);
        assertTrue(full.isError() && full.text().contains("not empty"), full.text());
        assertEquals("k", Files.readString(dir.resolve("full/keep")));
        Result fileOverDir = move(b, dir.resolve("full"), true);
        assertTrue(fileOverDir.isError() && fileOverDir.text().contains("a file cannot replace it"), fileOverDir.text());
    }

    @Test
    void aSymlinkAtDstIsReplacedItselfNeverMovedInto() throws IOException {
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Path f = Files.writeString(dir.resolve("f"), "f");
        assertTrue(move(f, link, false).isError(), "refused without overwrite");
        Result r = move(f, link, true);
        assertFalse(r.isError(), r.text());
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("f", Files.readString(link));
        try (var s = Files.list(target)) {
            assertEquals(0, s.count(), "nothing was moved into the link's target");
        }
    }

    @Test
    void clearErrors() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));
        Result inside = move(d, d.resolve("sub"), false);
        assertTrue(inside.isError() && inside.text().contains("inside src"), inside.text());
        Result missingParent = move(d, dir.resolve("no/such/d"), false);
        assertTrue(missingParent.isError() && missingParent.text().contains("does not exist") && missingParent.text().contains("make_directory"),
                missingParent.text());
        Result missingSrc = move(dir.resolve("ghost"), dir.resolve("g2"), false);
        assertTrue(missingSrc.isError() && missingSrc.text().contains("src " + dir.resolve("ghost") + " does not exist"), missingSrc.text());
        Result same = move(d, dir.resolve("./d"), false);
        assertTrue(same.isError() && same.text().contains("the same path"), same.text());
        assertTrue(Files.isDirectory(d));
    }

    /** /dev/shm is a tmpfs where there is one; the scratch directory is on the disk. */
    static Path otherFileSystem(Path dir) throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
        Assumptions.assumeFalse(Files.getFileStore(shm).equals(Files.getFileStore(dir)), "/dev/shm is on the same file system");
        return Files.createTempDirectory(shm, "exemux-move-");
    }

    @Test
    void aCrossDeviceMoveIsCopiedVerifiedAndSaysSo() throws IOException {
        Path other = otherFileSystem(dir);
        try {
            Path tree = Files.createDirectories(dir.resolve("tree/inner"));
            Files.writeString(tree.resolve("f.txt"), "payload");
            Result r = move(dir.resolve("tree"), other.resolve("tree"), false);
            assertFalse(r.isError(), r.text());
            assertTrue(r.get("cross_device").asBoolean());
            assertTrue(r.text().contains("different file systems") && r.text().contains("not atomic"), r.text());
            assertEquals("payload", Files.readString(other.resolve("tree/inner/f.txt")));
            assertFalse(Files.exists(dir.resolve("tree")));
            Path file = Files.writeString(dir.resolve("one.txt"), "1");
            Result f = move(file, other.resolve("one.txt"), false);
            assertTrue(f.get("cross_device").asBoolean(), f.text());
            assertEquals("1", Files.readString(other.resolve("one.txt")));
            assertFalse(Files.exists(file));
        } finally {
            new ProcessBuilder("rm", "-rf", other.toString()).start();
        }
    }
}
