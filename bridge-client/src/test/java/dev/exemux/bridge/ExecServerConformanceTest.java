package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Await;
import dev.exemux.executor.AuthenticationException;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.UnsupportedByExecutorException;
import dev.exemux.executor.WriteHandle;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every typed method against every supported codex release ({@code codex-releases.txt}), including the
 * edges where releases differ. One exec-server per release, started once for all its tests.
 */
@ParameterizedClass(name = "codex {0}")
@MethodSource("releases")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecServerConformanceTest {

    static final Duration T = Duration.ofSeconds(30);

    static List<String> releases() {
        return CodexRelease.SUPPORTED;
    }

    @Parameter
    String version;
    ExecServer server;
    ExecutorPool pool;
    Executor exe;
    @TempDir Path dir;

    @BeforeParameterizedClassInvocation
    void start() {
        CodexRelease release = CodexRelease.require(version);
        // Auth on where the release has it, so both paths are covered across the suite.
        String token = release.atLeast("0.160.0") ? "conformance-token" : null;
        server = ExecServer.start(release, token);
        pool = new ExecutorPool(BridgeSettings.of(null, token, Map.of("exe", URI.create(server.url())))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20)));
        exe = pool.resolve("exe");
    }

    @AfterParameterizedClassInvocation
    void stop() {
        pool.close();
        server.close();
    }

    <V> V await(CompletableFuture<V> f) {
        return Await.result(f, T, "exe", "test call");
    }

    @Test
    void handshakeLearnsTheRelease() {
        ExecutorInfo info = await(exe.describe());
        assertNotNull(info.sessionId());
        CodexRelease r = server.release();
        assertEquals(r.atLeast("0.142.0"), info.capabilities().streamedRead(), "streamed read");
        assertEquals(r.atLeast("0.161.0"), info.capabilities().streamedWrite(), "streamed write");
        assertTrue(info.capabilities().interrupt(), "interrupt works on every release (process/signal, or a kill helper)");
        if (r.atLeast("0.155.0")) {
            assertEquals(version, info.release());
        }
    }

    @Test
    void writesAndReadsBinaryAtPathsWithSpacesAndNonAscii() throws Exception {
        Path file = dir.resolve("a dir é/naïve 文件 %20.bin");
        await(exe.createDirectory(file.getParent().toString(), true));
        byte[] data = new byte[70_000];
        new Random(1).nextBytes(data);
        await(exe.writeFile(file.toString(), data));
        assertArrayEquals(data, Files.readAllBytes(file), "bytes on disk");
        assertArrayEquals(data, await(exe.readFile(file.toString())), "bytes read back");
        FileMetadata m = await(exe.stat(file.toString()));
        assertTrue(m.isFile());
        assertFalse(m.isDirectory());
        List<DirectoryEntry> entries = await(exe.listDirectory(file.getParent().toString()));
        assertEquals(List.of("naïve 文件 %20.bin"), entries.stream().map(DirectoryEntry::name).toList());
    }

    @Test
    void errorsAreClassifiedTheSameOnEveryRelease() {
        RemoteCallException missing = assertThrows(RemoteCallException.class,
                () -> await(exe.readFile(dir.resolve("missing").toString())));
        assertEquals(RemoteCallException.Reason.NOT_FOUND, missing.reason());
        RemoteCallException isDir = assertThrows(RemoteCallException.class, () -> await(exe.readFile(dir.toString())));
        assertEquals(RemoteCallException.Reason.IS_A_DIRECTORY, isDir.reason());
        RemoteCallException relative = assertThrows(RemoteCallException.class, () -> await(exe.stat("tmp/x")));
        assertEquals(RemoteCallException.Reason.INVALID_ARGUMENT, relative.reason());
        // What tells exemux that a process it follows was never started (its start lost on the way).
        RemoteCallException unknown = assertThrows(RemoteCallException.class,
                () -> await(((RemoteExecutor) exe).session().thenCompose(s -> s.readProcess("exemux-never-started", 0))));
        assertEquals(RemoteCallException.Reason.NOT_FOUND, unknown.reason(), unknown.getMessage());
    }

    @Test
    void copiesRemovesAndCanonicalizes() throws Exception {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "hello");
        await(exe.copy(src.toString(), dir.resolve("dst.txt").toString(), false));
        assertEquals("hello", Files.readString(dir.resolve("dst.txt")));
        Path tree = dir.resolve("tree/sub");
        await(exe.createDirectory(tree.toString(), true));
        Files.writeString(tree.resolve("f"), "x");
        await(exe.copy(dir.resolve("tree").toString(), dir.resolve("tree2").toString(), true));
        assertEquals("x", Files.readString(dir.resolve("tree2/sub/f")));
        RemoteCallException notEmpty = assertThrows(RemoteCallException.class,
                () -> await(exe.remove(dir.resolve("tree").toString(), false, false)));
        assertTrue(Files.exists(tree), notEmpty.getMessage());
        await(exe.remove(dir.resolve("tree").toString(), true, false));
        assertFalse(Files.exists(dir.resolve("tree")));
        await(exe.remove(dir.resolve("never-existed").toString(), false, true));
        // Every release: fs/canonicalize from 0.137, realpath on the executor before.
        assertEquals(src.toRealPath().toString(), await(exe.canonicalize(src.toString())));
        assertEquals(RemoteCallException.Reason.NOT_FOUND, assertThrows(RemoteCallException.class,
                () -> await(exe.canonicalize(dir.resolve("never-existed").toString()))).reason());
    }

    @Test
    void largeFilesGoOutInPiecesAndComeBackInBlocks() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024 + 123];
        new Random(2).nextBytes(data);
        Path file = dir.resolve("big file.bin");
        await(exe.writeFile(file.toString(), data));
        assertEquals(sha(data), sha(Files.readAllBytes(file)));
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (ReadHandle h = await(exe.openRead(file.toString()))) {
            long offset = 0;
            while (true) {
                ReadHandle.Block b = await(h.read(offset, h.maxBlockSize()));
                back.write(b.data());
                offset += b.data().length;
                if (b.eof() || b.data().length == 0) {
                    break;
                }
            }
        }
        assertEquals(sha(data), sha(back.toByteArray()));
        WriteHandle w = await(exe.openWrite(dir.resolve("short").toString(), 10));
        await(w.write(new byte[5]));
        assertThrows(RuntimeException.class, () -> await(w.finish()), "fewer bytes than declared must fail");
    }

    @Test
    void processOutputArrivesCompleteBeforeTheExit() throws Exception {
        for (int i = 0; i < 10; i++) {
            Recorder r = new Recorder();
            await(exe.start(new ProcessSpec(List.of("sh", "-c", "printf a; printf b >&2; printf c; exit 3"),
                    dir.toString(), Map.of(), false, false), r));
            ProcessExit e = r.exit.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(3, e.exitCode());
            assertEquals("ac", r.out());
            assertEquals("b", r.err());
            assertFalse(r.outputAfterExit);
        }
    }

    @Test
    void outputBeyondTheRetentionWindowIsStillDeliveredInFull() throws Exception {
        Recorder r = new Recorder();
        await(exe.start(new ProcessSpec(List.of("sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x"),
                null, Map.of(), false, false), r));
        assertEquals(0, r.exit.get(30, java.util.concurrent.TimeUnit.SECONDS).exitCode());
        assertEquals(5_000_000, r.stdout.size());
        assertEquals(0, r.lost);
    }

    @Test
    void stdinAndTerminate() throws Exception {
        Recorder r = new Recorder();
        ProcessHandle p = await(exe.start(new ProcessSpec(List.of("cat"), null, Map.of(), false, true), r));
        if (server.release().atLeast("0.122.0")) {
            await(p.write("hello\n".getBytes(StandardCharsets.UTF_8)));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!r.out().contains("hello") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals("hello\n", r.out());
        }
        if (!server.release().atLeast("0.122.0")) {
            // Before 0.122 a piped stdin is closed at once, so cat ends by itself with 0; terminating
            // it then races its exit, so only check that terminating an ended process is harmless.
            assertEquals(0, r.exit.get(20, java.util.concurrent.TimeUnit.SECONDS).exitCode());
            await(p.terminate());
            return;
        }
        await(p.terminate());
        assertEquals(137, r.exit.get(20, java.util.concurrent.TimeUnit.SECONDS).exitCode());
    }

    @Test
    void processesStartInADirectoryWithSpacesAndNonAscii() throws Exception {
        Path cwd = dir.resolve("work dir é 文");
        Files.createDirectories(cwd);
        Recorder r = new Recorder();
        await(exe.start(new ProcessSpec(List.of("pwd"), cwd.toString(), Map.of(), false, false), r));
        assertEquals(0, r.exit.get(20, java.util.concurrent.TimeUnit.SECONDS).exitCode());
        assertEquals(cwd + "\n", r.out());
    }

    @Test
    void interruptReachesTheProcessOnEveryRelease() throws Exception {
        // process/signal from 0.140; before it, a kill process signals the launcher's group.
        Recorder r = new Recorder();
        ProcessHandle p = await(exe.start(new ProcessSpec(
                List.of("sh", "-c", "trap 'exit 7' INT; echo ready; while :; do sleep 0.1; done"), null, Map.of(), false, false), r));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!r.out().contains("ready") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        await(p.interrupt());
        assertEquals(7, r.exit.get(20, java.util.concurrent.TimeUnit.SECONDS).exitCode(), "the trap ran");
    }

    @Test
    void ttyMergesTheStreamsIntoOneTerminalStream() throws Exception {
        Recorder r = new Recorder();
        await(exe.start(new ProcessSpec(List.of("sh", "-c", "echo out; echo err >&2; test -t 1"), null, Map.of(), true, false), r));
        assertEquals(0, r.exit.get(20, java.util.concurrent.TimeUnit.SECONDS).exitCode(), "stdout is a terminal");
        assertEquals("out\r\nerr\r\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void processesSurviveADroppedConnection() throws Exception {
        Recorder r = new Recorder();
        // It waits for the test's go, so the drop always hits it running.
        java.nio.file.Path go = java.nio.file.Files.createTempFile("exemux-go-", "");
        java.nio.file.Files.delete(go);
        await(exe.start(new ProcessSpec(List.of("sh", "-c", "echo before; while [ ! -e '" + go + "' ]; do sleep 0.05; done;"
                + " echo after; rm -f '" + go + "'"), null, Map.of(), false, false), r));
        OutageTest.waitFor(() -> r.out().equals("before\n"), "the process printed before");
        pool.abortConnection("exe");
        java.nio.file.Files.writeString(go, "go");
        ProcessExit e = r.exit.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, e.exitCode(), String.valueOf(e.failure()));
        assertEquals("before\nafter\n", r.out());
    }

    @Test
    void wrongTokenIsAnAuthenticationErrorWhereAuthIsOn() {
        if (server.token() == null) {
            return;
        }
        try (ExecutorPool other = new ExecutorPool(BridgeSettings.of(null, "wrong-token", Map.of("exe", URI.create(server.url()))))) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> await(other.resolve("exe").stat("/")));
            assertFalse(e.getMessage().contains("wrong-token"), "no secret in the message");
            assertFalse(e.getMessage().contains("conformance-token"));
        }
    }

    static String sha(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
