package dev.exemux.tools.files;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.local.LocalExecutor;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.copy.CopyTools;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the file tools say when the executor's user may not do what was asked: a real codex exec-server
 * started without privileges ({@link ExecServer#startUnprivileged}: as {@code nobody} when the tests run
 * as root), a directory it may not enter and one it may not write. Every refusal is an {@code isError}
 * result that names the path and the reason, and nothing is changed or left behind (copy_path included).
 */
class PermissionDeniedTest {

    @TempDir
    Path dir;
    private Path locked;
    private Path readOnly;

    @AfterEach
    void unlock() throws IOException {
        // so that @TempDir can delete them
        for (Path p : new Path[] {locked, readOnly}) {
            if (p != null) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void refusalsAreClearErrorsAndChangeNothing(String version) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // nobody may look inside
        locked = Files.createDirectory(dir.resolve("locked"));
        Path secret = Files.writeString(locked.resolve("secret.txt"), "not for you\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        readOnly = Files.createDirectory(dir.resolve("read-only"));
        Path kept = Files.writeString(readOnly.resolve("kept.txt"), "stays as it is\n");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));

        try (ExecServer server = ExecServer.startUnprivileged(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            ToolHarness tools = ToolHarness.fileTools(pool.resolve("codex"));

            assertDenied(tools.call("read_file", args(tools, secret)), secret);
            assertDenied(tools.call("list_directory", args(tools, locked)), locked);
            assertDenied(tools.call("write_file", args(tools, readOnly.resolve("new.txt")).put("content", "x\n")),
                    readOnly.resolve("new.txt"));
            assertDenied(tools.call("edit_file", args(tools, kept).put("old_string", "stays").put("new_string", "changed")), kept);
            assertDenied(tools.call("remove_path", args(tools, kept)), kept);
            assertDenied(tools.call("make_directory", args(tools, readOnly.resolve("sub"))), readOnly.resolve("sub"));

            Path source = Files.writeString(dir.resolve("source.txt"), "copied?\n");
            LocalExecutor local = new LocalExecutor();
            try (CopyTools copies = CopyTools.create(new TestResolver().add(LocalExecutor.EXE_ID, local)
                    .add("codex", pool.resolve("codex")), null)) {
                ToolHarness copyTool = new ToolHarness(copies.tools(), () -> { });
                Result copied = copyTool.call("copy_path", ToolHarness.JSON.createObjectNode()
                        .put("src_exe_id", LocalExecutor.EXE_ID).put("src_path", source.toString())
                        .put("dst_exe_id", "codex").put("dst_path", readOnly.resolve("copied.txt").toString()));
                assertDenied(copied, readOnly);
                assertTrue(copied.text().contains("choose paths it may use"), "says what to do: " + copied.text());
            } finally {
                local.shutdown();
            }

            assertEquals(List.of("kept.txt"), names(readOnly), "no file, temporary or directory was left");
            assertEquals("stays as it is\n", Files.readString(kept));
        }
    }

    private static void assertDenied(Result r, Path path) {
        String text = r.text();
        assertTrue(r.isError(), text);
        String lower = text.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("permission denied") || lower.contains("may not"), "says why: " + text);
        assertTrue(text.contains(path.getFileName().toString()), "names the path: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
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
