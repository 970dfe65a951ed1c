package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Await;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * stat and listDirectory tell the same on every release: sizes (the protocol has none before 0.140),
 * symlinks with their text (0.120 has no isSymlink), dangling links (every release hides them), loops
 * and a directory 0.120's own listing cannot read; with at most one helper process per stat or listing.
 */
class FileMetadataEveryReleaseTest {

    static final Duration T = Duration.ofSeconds(30);

    @TempDir Path dir;

    /** The oldest release (no isSymlink), the old one, the newest without sizes (they came in 0.140), the newest. */
    static Stream<String> releases() {
        return Stream.of(CodexRelease.OLDEST, CodexRelease.OLD, CodexRelease.newestBefore("0.140.0"), CodexRelease.NEW).distinct();
    }

    @ParameterizedTest
    @MethodSource("releases")
    void sizesLinksAndDanglingLinksOnEveryRelease(String version) throws Exception {
        Files.writeString(dir.resolve("file.txt"), "hello world\n");
        Files.createDirectory(dir.resolve("sub"));
        Files.write(dir.resolve("sub/big.bin"), new byte[70_000]);
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt"));
        Files.createSymbolicLink(dir.resolve("dirlink"), Path.of("sub"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(dir.resolve("sub/up"), Path.of(".."));

        try (ExecServer server = ExecServer.start(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("exe", URI.create(server.url()))))) {
            RemoteExecutor exe = (RemoteExecutor) pool.resolve("exe");
            await(exe.describe());

            FileMetadata file = counted(exe, 1, e -> e.stat(dir.resolve("file.txt").toString()));
            assertEquals(12, file.size());
            assertTrue(file.isFile());
            assertFalse(file.isSymlink());
            assertTrue(file.modifiedAtMs() > 0);

            FileMetadata link = counted(exe, 1, e -> e.stat(dir.resolve("link").toString()));
            assertTrue(link.isSymlink() && link.isFile(), link.toString());
            assertEquals("file.txt", link.linkTarget());
            assertEquals(12, link.size(), "a link's size is its target's");

            FileMetadata dangling = counted(exe, 1, e -> e.stat(dir.resolve("dangling").toString()));
            assertTrue(dangling.danglingLink() && dangling.isSymlink(), dangling.toString());
            assertEquals("nowhere", dangling.linkTarget());
            assertFalse(dangling.isFile() || dangling.isDirectory());
            assertTrue(await(exe.stat(dir.resolve("loop").toString())).danglingLink(), "a loop cannot be followed");

            RemoteCallException missing = assertThrows(RemoteCallException.class,
                    () -> await(exe.stat(dir.resolve("absent").toString())));
            assertEquals(RemoteCallException.Reason.NOT_FOUND, missing.reason());

            // One listing, one helper process at most, whatever the number of entries.
            Map<String, DirectoryEntry> top = counted(exe, 1, e -> e.listDirectory(dir.toString())).stream()
                    .collect(Collectors.toMap(DirectoryEntry::name, x -> x));
            assertEquals(List.of("dangling", "dirlink", "file.txt", "link", "loop", "sub"), top.keySet().stream().sorted().toList());
            top.values().forEach(e -> assertTrue(e.metadata() != null && e.metadata().size() >= 0, e.toString()));
            assertEquals(12, top.get("file.txt").metadata().size());
            assertEquals("file.txt", top.get("link").metadata().linkTarget());
            assertTrue(top.get("link").metadata().isSymlink() && top.get("link").isFile());
            assertTrue(top.get("dirlink").metadata().isSymlink() && top.get("dirlink").isDirectory());
            assertTrue(top.get("dangling").metadata().danglingLink());
            assertTrue(top.get("loop").metadata().danglingLink());
            assertTrue(top.get("sub").isDirectory() && !top.get("sub").metadata().isSymlink());
            assertNull(top.get("sub").metadata().linkTarget());

            Map<String, DirectoryEntry> sub = counted(exe, 1, e -> e.listDirectory(dir.resolve("sub").toString())).stream()
                    .collect(Collectors.toMap(DirectoryEntry::name, x -> x));
            assertEquals(70_000, sub.get("big.bin").metadata().size());
            assertTrue(sub.get("up").metadata().isSymlink(), "a '..' link is a link, so a walk does not follow it");

            // Through a link to a directory, as the protocol's own listing goes.
            assertEquals(2, await(exe.listDirectory(dir.resolve("dirlink").toString())).size());
            assertEquals(dir.resolve("file.txt").toRealPath().toString(), await(exe.canonicalize(dir.resolve("link").toString())));

            RemoteCallException notADir = assertThrows(RemoteCallException.class,
                    () -> await(exe.listDirectory(dir.resolve("file.txt").toString())));
            assertTrue(notADir.reason() == RemoteCallException.Reason.NOT_A_DIRECTORY
                    || notADir.reason() == RemoteCallException.Reason.OTHER, notADir.toString());
        }
    }

    private static <V> V counted(RemoteExecutor exe, int maxProcesses, Function<RemoteExecutor, CompletableFuture<V>> call) {
        long before = exe.processesStarted();
        V value = await(call.apply(exe));
        long used = exe.processesStarted() - before;
        assertTrue(used <= maxProcesses, used + " processes for one call");
        return value;
    }

    private static <V> V await(CompletableFuture<V> f) {
        return Await.result(f, T, "exe", "test call");
    }
}
