package dev.exemux.tools.files;

import dev.exemux.testing.CodexRelease;
import static dev.exemux.tools.files.ApplyPatchToolTest.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * apply_patch when a write fails for real, not by injection: an unprivileged codex exec-server may read
 * a file in a read-only directory (so every hunk locates) but not replace it. The file written before
 * it is put back and the error says so.
 */
class PatchRollbackOnRealPeerTest {

    @TempDir
    Path dir;
    private Path readOnly;

    @AfterEach
    void unlock() throws IOException {
        if (readOnly != null) {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x")); // so @TempDir can delete it
        }
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void aRealWriteFailureUndoesTheFilesWrittenBeforeIt(String version) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Path first = Files.writeString(open.resolve("first.txt"), "one\n");
        Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        readOnly = Files.createDirectory(dir.resolve("read-only"));
        Path kept = Files.writeString(readOnly.resolve("kept.txt"), "two\n");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));

        try (ExecServer server = ExecServer.startUnprivileged(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            ToolHarness tools = ToolHarness.fileTools(pool.resolve("codex"));
            Result r = tools.call("apply_patch", tools.args("codex").put("cwd", dir.toString()).put("patch", patch(
                    "*** Update File: open/first.txt", "@@", "-one", "+ONE",
                    "*** Update File: read-only/kept.txt", "@@", "-two", "+TWO")));
            assertTrue(r.isError(), r.text());
            assertTrue(r.text().contains("writing " + kept + " failed"), r.text());
            assertTrue(r.text().toLowerCase().contains("permission denied"), r.text());
            assertTrue(r.text().contains("were put back") && r.text().contains("no file is changed"), r.text());
            assertEquals("one\n", Files.readString(first));
            assertEquals("two\n", Files.readString(kept));
            assertEquals(List.of("first.txt"), names(open), "no temporaries");
            assertEquals(List.of("kept.txt"), names(readOnly));
        }
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
