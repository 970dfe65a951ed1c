package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.exemux.executor.Executor;
import dev.exemux.testing.TestRelay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a copy between two executors must do, whatever the executors are. Both run on this machine, so
 * the test checks the files themselves. Subclasses provide the two executors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CopyContract {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SECRET = "contract-secret-91b2";

    protected abstract Executor source();

    protected abstract Executor destination();

    /**
     * False when one of the two is the embedded executor: {@code auto} then never mints a ticket (it is in no
     * gateway workspace), so the tests of auto's relay path and its fallbacks do not apply.
     */
    protected boolean autoMayUseRelay() {
        return true;
    }

    TestRelay relay;
    RelayClient relayClient;
    CopyService service;
    Path srcDir;
    Path dstDir;

    @BeforeEach
    void setUp() throws IOException {
        relay = new TestRelay(SECRET, "ws", null);
        relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws"));
        service = new CopyService(relayClient);
        srcDir = Files.createTempDirectory("exemux-copy-src-");
        dstDir = Files.createTempDirectory("exemux-copy-dst-");
    }

    @AfterEach
    void tearDown() throws IOException {
        relayClient.close();
        relay.close();
        deleteTree(srcDir);
        deleteTree(dstDir);
    }

    // ---- relay path ------------------------------------------------------------------------------

    @Test
    void relayCopiesBinaryContentAndReportsItsRealChecksum() throws Exception {
        assumeTrue(autoMayUseRelay());
        byte[] data = random(1_234_567, 1);
        Path src = write("blob.bin", data);
        CopyResult r = copy(src, dst("blob.bin"), Transport.AUTO);
        assertEquals("relay", r.transport());
        assertNull(r.fallbackReason());
        assertCopied(data, r, dst("blob.bin"));
        assertEquals(1, relay.ticketsMinted());
        assertEquals(data.length, relay.lastPutBytes());
    }

    @Test
    void relayCopiesTwentyMegabytes() throws Exception {
        byte[] data = random(20_000_000, 2);
        Path src = write("big.bin", data);
        List<Long> progress = new ArrayList<>();
        CopyResult r = service.copy(source(), src.toString(), destination(), dst("big.bin").toString(), false,
                Transport.RELAY, (done, total, msg) -> progress.add(done), TIMEOUT);
        assertEquals("relay", r.transport());
        assertCopied(data, r, dst("big.bin"));
        assertFalse(progress.isEmpty());
        assertEquals(data.length, progress.get(progress.size() - 1));
    }

    @Test
    void emptyFileOverBothPaths() throws Exception {
        Path src = write("empty", new byte[0]);
        CopyResult relayed = copy(src, dst("empty-relay"), Transport.RELAY);
        assertEquals("relay", relayed.transport());
        assertCopied(new byte[0], relayed, dst("empty-relay"));
        CopyResult streamed = copy(src, dst("empty-stream"), Transport.STREAM);
        assertEquals("stream", streamed.transport());
        assertCopied(new byte[0], streamed, dst("empty-stream"));
    }

    @Test
    void replacesAnExistingFile() throws Exception {
        byte[] data = random(4000, 3);
        Path src = write("new", data);
        Files.write(dst("old"), "previous content".getBytes());
        assertCopied(data, copy(src, dst("old"), Transport.AUTO), dst("old"));
    }

    @Test
    void copiesTheOtherWayToo() throws Exception {
        byte[] data = random(2_500_000, 14);
        Path src = Files.write(dstDir.resolve("back.bin"), data);
        for (Transport t : List.of(Transport.RELAY, Transport.STREAM)) {
            Path target = srcDir.resolve("back-" + t.wireName());
            CopyResult r = service.copy(destination(), src.toString(), source(), target.toString(), false, t,
                    CopyProgress.NONE, TIMEOUT);
            assertEquals(t.wireName(), r.transport());
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals(sha256(data), r.sha256());
        }
    }

    // ---- stream path -----------------------------------------------------------------------------

    @Test
    void streamCopiesTwentyMegabytesWithProgress() throws Exception {
        byte[] data = random(20_000_000, 4);
        Path src = write("big.bin", data);
        AtomicLong last = new AtomicLong(-1);
        CopyResult r = service.copy(source(), src.toString(), destination(), dst("big.bin").toString(), false,
                Transport.STREAM, (done, total, msg) -> last.set(done), TIMEOUT);
        assertEquals("stream", r.transport());
        assertCopied(data, r, dst("big.bin"));
        assertEquals(data.length, last.get());
        assertEquals(0, relay.ticketsMinted(), "transport stream must not mint a ticket");
    }

    @Test
    void aStreamCopyWhoseBytesChangeOnTheWayIsRefusedAndLeavesNothing() throws Exception {
        // The check compares what the two executors hold: bytes altered after the source read them (in
        // exemux, on a link) cannot pass for the source's, even though every block arrived whole.
        Path src = write("big.bin", random(3_000_000, 23));
        Executor altering = new AlteredReads(source());
        CopyException e = assertThrows(CopyException.class, () -> service.copy(altering, src.toString(), destination(),
                dst("big.bin").toString(), false, Transport.STREAM, CopyProgress.NONE, TIMEOUT));
        assertTrue(e.getMessage().contains("does not match the source"), e.getMessage());
        assertNothingLeft(e);
    }

    // ---- fallbacks -------------------------------------------------------------------------------

    @Test
    void fallsBackToStreamingWhenTheRelayIsDisabled() throws Exception {
        assumeTrue(autoMayUseRelay());
        relay.disabled(true);
        assertStreamsBecause("503");
    }

    @Test
    void fallsBackToStreamingWhenTheRelayHasTooManyTickets() throws Exception {
        assumeTrue(autoMayUseRelay());
        relay.maxLiveTickets(0);
        assertStreamsBecause("429");
    }

    @Test
    void fallsBackToStreamingWhenTheRelayDoesNotAnswerInTime() throws Exception {
        assumeTrue(autoMayUseRelay());
        relay.delayCreate(Duration.ofSeconds(3));
        byte[] data = random(200_000, 17);
        Path src = write("f", data);
        try (RelayClient slowToAnswer = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "ws"),
                Duration.ofMillis(300))) {
            CopyResult r = new CopyService(slowToAnswer).copy(source(), src.toString(), destination(), dst("f").toString(),
                    false, Transport.AUTO, CopyProgress.NONE, TIMEOUT);
            assertEquals("stream", r.transport());
            assertTrue(r.fallbackReason().contains("in time"), r.fallbackReason());
            assertCopied(data, r, dst("f"));
        }
    }

    @Test
    void fallsBackToStreamingWhenAnExecutorHasNoCurl() throws Exception {
        assumeTrue(autoMayUseRelay());
        byte[] data = random(300_000, 7);
        Path src = write("f", data);
        Executor slim = new WithoutCurl(source(), srcDir.resolve("bin-without-curl"));
        CopyResult r = service.copy(slim, src.toString(), destination(), dst("f").toString(), false, Transport.AUTO,
                CopyProgress.NONE, TIMEOUT);
        assertEquals("stream", r.transport());
        assertTrue(r.fallbackReason().contains("no curl"), r.fallbackReason());
        assertCopied(data, r, dst("f"));
        // The transfer script itself finds curl missing (no process is spent looking first): one ticket went
        // unused, and an executor known to lack curl is not sent another.
        assertEquals(1, relay.ticketsMinted());
        CopyResult again = service.copy(slim, src.toString(), destination(), dst("g").toString(), false, Transport.AUTO,
                CopyProgress.NONE, TIMEOUT);
        assertEquals("stream", again.transport());
        assertTrue(again.fallbackReason().contains("no curl"), again.fallbackReason());
        assertEquals(1, relay.ticketsMinted(), "a ticket was minted for an executor known to lack curl");
    }

    @Test
    void fallsBackToStreamingWhenTheUploadIsCut() throws Exception {
        assumeTrue(autoMayUseRelay());
        relay.cutPutAfter(500_000);
        assertStreamsBecause("broke");
    }

    @Test
    void fallsBackToStreamingWhenTheRelayDamagesTheBytes() throws Exception {
        assumeTrue(autoMayUseRelay());
        relay.corruptByteAt(123_456);
        assertStreamsBecause("SHA-256");
    }

    @Test
    void fallsBackToStreamingWhenTheRelaySaysAnExecutorIsNotInTheWorkspace() throws Exception {
        assumeTrue(autoMayUseRelay());
        try (TestRelay elsewhere = new TestRelay(SECRET, "ws", Set.of("some-other-executor"));
                RelayClient client = new RelayClient(new RelaySettings(URI.create(elsewhere.url()), SECRET, "ws"))) {
            byte[] data = random(300_000, 19);
            Path src = write("f", data);
            CopyService withElsewhere = new CopyService(client);
            CopyResult r = withElsewhere.copy(source(), src.toString(), destination(), dst("f").toString(), false,
                    Transport.AUTO, CopyProgress.NONE, TIMEOUT);
            assertEquals("stream", r.transport());
            assertTrue(r.fallbackReason().contains("not in workspace") && r.fallbackReason().contains("403"), r.fallbackReason());
            assertCopied(data, r, dst("f"));
            CopyException e = assertThrows(CopyException.class, () -> withElsewhere.copy(source(), src.toString(),
                    destination(), dst("g").toString(), false, Transport.RELAY, CopyProgress.NONE, TIMEOUT));
            assertTrue(e.getMessage().contains("403") && e.getMessage().contains("transport: auto or stream"), e.getMessage());
            assertNothingLeft(e, "f");
        }
    }

    @Test
    void autoNeverMintsATicketForTheEmbeddedExecutor() throws Exception {
        assumeFalse(autoMayUseRelay());
        byte[] data = random(300_000, 20);
        Path src = write("f", data);
        CopyResult there = copy(src, dst("f"), Transport.AUTO);
        assertEquals("stream", there.transport());
        assertTrue(there.fallbackReason().contains("in no gateway workspace"), there.fallbackReason());
        assertCopied(data, there, dst("f"));
        CopyResult back = service.copy(destination(), dst("f").toString(), source(), srcDir.resolve("back").toString(),
                false, Transport.AUTO, CopyProgress.NONE, TIMEOUT);
        assertEquals("stream", back.transport());
        assertArrayEquals(data, Files.readAllBytes(srcDir.resolve("back")));
        assertEquals(0, relay.ticketsMinted(), "auto minted a ticket naming the embedded executor");
    }

    /** A 3 MB copy arrives whole over the stream path, and its fallback reason names {@code why}. */
    private void assertStreamsBecause(String why) throws Exception {
        byte[] data = random(3_000_000, why.hashCode());
        CopyResult r = copy(write("f", data), dst("f"), Transport.AUTO);
        assertEquals("stream", r.transport());
        assertTrue(r.fallbackReason().contains(why), r.fallbackReason());
        assertCopied(data, r, dst("f"));
    }

    @Test
    void forcedRelayWithACutUploadFailsAndLeavesNothing() throws Exception {
        relay.cutPutAfter(500_000);
        Path src = write("f", random(3_000_000, 9));
        CopyException e = assertThrows(CopyException.class, () -> copy(src, dst("f"), Transport.RELAY));
        assertTrue(e.getMessage().contains("relay copy failed"), e.getMessage());
        assertNothingLeft(e);
    }

    @Test
    void forcedRelayWithAnExpiredTicketFailsAndLeavesNothing() throws Exception {
        relay.expireTicketsAfter(Duration.ofMillis(1));
        Path src = write("f", random(100_000, 10));
        CopyException e = assertThrows(CopyException.class, () -> copy(src, dst("f"), Transport.RELAY));
        assertNothingLeft(e);
    }

    @Test
    void whenTheUploadFailsTheWaitingDownloadIsStopped() throws Exception {
        byte[] data = random(200_000, 15);
        Path src = write("f", data);
        Executor failing = new FailingUpload(source());
        long t0 = System.nanoTime();
        CopyException e = assertThrows(CopyException.class, () -> service.copy(failing, src.toString(), destination(),
                dst("f").toString(), false, Transport.RELAY, CopyProgress.NONE, TIMEOUT));
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the download was left waiting for the ticket to expire");
        assertTrue(e.getMessage().contains("curl exit 7"), e.getMessage());
        assertNothingLeft(e);
        CopyResult r = service.copy(failing, src.toString(), destination(), dst("f").toString(), false, Transport.AUTO,
                CopyProgress.NONE, TIMEOUT);
        assertEquals("stream", r.transport());
        assertCopied(data, r, dst("f"));
    }

    @Test
    void whenTheUploadFailsAndTheDownloadGivesNoSignOfStoppingTheCopyStillEnds() throws Exception {
        Path src = write("f", random(200_000, 16));
        Executor failing = new FailingUpload(source());
        UnansweringDownload unanswering = new UnansweringDownload(destination());
        CopyException e;
        try {
            long t0 = System.nanoTime();
            e = assertThrows(CopyException.class, () -> service.copy(failing, src.toString(), unanswering,
                    dst("f").toString(), false, Transport.RELAY, CopyProgress.NONE, TIMEOUT));
            // Without the rule it would wait for the download until the deadline (TIMEOUT).
            assertTrue(System.nanoTime() - t0 < TIMEOUT.toNanos() / 2, "the copy waited for a download that gave no sign");
            // Asked once: each unanswered ask costs the copy's failure seconds more.
            assertEquals(1, unanswering.terminatesAsked(), "times the silent download was asked to stop");
        } finally {
            unanswering.stopForReal(); // the download the copy could not see end
        }
        assertTrue(e.getMessage().contains("curl exit 7") && e.getMessage().contains("did not confirm that it stopped"),
                e.getMessage());
        assertNothingLeft(e);
    }

    @Test
    void forcedRelayWhenTheRelayIsOffSaysSo() throws Exception {
        CopyService noRelay = new CopyService(null);
        Path src = write("f", random(10, 11));
        CopyException e = assertThrows(CopyException.class, () -> noRelay.copy(source(), src.toString(), destination(),
                dst("f").toString(), false, Transport.RELAY, CopyProgress.NONE, TIMEOUT));
        assertTrue(e.getMessage().contains("relay is off"), e.getMessage());
        assertNothingLeft(e);
        CopyResult r = noRelay.copy(source(), src.toString(), destination(), dst("f").toString(), false, Transport.AUTO,
                CopyProgress.NONE, TIMEOUT);
        assertEquals("stream", r.transport());
    }

    // ---- directories -----------------------------------------------------------------------------

    @Test
    void copiesADirectoryWholeOverEachPath() throws Exception {
        Path tree = srcDir.resolve("tree");
        Files.createDirectories(tree.resolve("sub dir/deeper"));
        Files.createDirectories(tree.resolve("empty"));
        Files.write(tree.resolve("top.bin"), random(70_000, 12));
        Files.write(tree.resolve("sub dir/deeper/naïve.txt"), "hello\n".getBytes());
        for (Transport t : List.of(Transport.RELAY, Transport.STREAM)) {
            Path target = dst("tree-" + t.wireName());
            CopyResult r = service.copy(source(), tree.toString(), destination(), target.toString(), true, t,
                    CopyProgress.NONE, TIMEOUT);
            assertEquals(t.wireName(), r.transport());
            assertTrue(r.bytes() > 70_000);
            assertArrayEquals(Files.readAllBytes(tree.resolve("top.bin")), Files.readAllBytes(target.resolve("top.bin")));
            assertEquals("hello\n", Files.readString(target.resolve("sub dir/deeper/naïve.txt")));
            assertTrue(Files.isDirectory(target.resolve("empty")));
        }
        assertOnly(dstDir, "tree-relay", "tree-stream");
    }

    // ---- refusals and deadline -------------------------------------------------------------------

    @Test
    void refusesWithActionableMessages() throws Exception {
        Path dir = Files.createDirectories(srcDir.resolve("d"));
        assertMessage("does not exist", () -> copy(srcDir.resolve("missing"), dst("x"), Transport.AUTO));
        assertMessage("pass recursive: true", () -> copy(dir, dst("x"), Transport.AUTO));
        Path f = write("f", new byte[] {1});
        assertMessage("create it first", () -> copy(f, dstDir.resolve("no/such/dir/x"), Transport.AUTO));
        assertMessage("existing directory", () -> copy(f, dstDir, Transport.AUTO));
        assertMessage("absolute path", () -> service.copy(source(), "relative", destination(), dst("x").toString(), false,
                Transport.AUTO, CopyProgress.NONE, TIMEOUT));
        Path fifo = srcDir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertMessage("neither a regular file nor a directory", () -> copy(fifo, dst("x"), Transport.AUTO));
        assertOnly(dstDir);
    }

    @Test
    void aCopyThatCannotFinishInTimeStopsAndLeavesNothing() throws Exception {
        Path src = write("big", random(64 << 20, 13));
        CopyException e = assertThrows(CopyException.class, () -> service.copy(source(), src.toString(), destination(),
                dst("big").toString(), false, Transport.STREAM, CopyProgress.NONE, Duration.ofMillis(150)));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertNothingLeft(e);
    }

    @Test
    void aRelayCopyThatCannotFinishInTimeStopsBothCurlsAndLeavesNothing() throws Exception {
        // 100 s of transfer against a 6 s deadline: the margin no load can eat.
        relay.throttle(100_000);
        Path src = write("slow", random(10_000_000, 18));
        long t0 = System.nanoTime();
        CopyException e = assertThrows(CopyException.class, () -> service.copy(source(), src.toString(), destination(),
                dst("slow").toString(), false, Transport.RELAY, CopyProgress.NONE, Duration.ofSeconds(6)));
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "the copy outlived its deadline");
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertNothingLeft(e);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    CopyResult copy(Path src, Path dst, Transport transport) {
        return service.copy(source(), src.toString(), destination(), dst.toString(), false, transport, CopyProgress.NONE,
                TIMEOUT);
    }

    Path dst(String name) {
        return dstDir.resolve(name);
    }

    Path write(String name, byte[] data) throws IOException {
        return Files.write(srcDir.resolve(name), data);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    void assertCopied(byte[] data, CopyResult r, Path at) throws Exception {
        assertArrayEquals(data, Files.readAllBytes(at));
        assertEquals(data.length, r.bytes());
        assertEquals(sha256(data), r.sha256());
        assertTrue(r.durationMs() >= 0);
        assertNoTemporaries();
        assertNothingRunning();
    }

    void assertNothingLeft(CopyException e, String... expectedInDstDir) throws Exception {
        assertFalse(e.getMessage().contains("rly_"), "a ticket leaked into: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        assertOnly(dstDir, expectedInDstDir);
        assertNothingRunning();
    }

    void assertNoTemporaries() throws IOException {
        try (Stream<Path> s = Files.list(dstDir)) {
            List<String> temps = s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".exemux-")).toList();
            assertTrue(temps.isEmpty(), "temporaries left behind: " + temps);
        }
    }

    static void assertOnly(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(names).stream().sorted().toList(),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "entries of " + dir);
        }
    }

    /**
     * No curl, tar or checksum started for this copy is still running (they all name its directories). A
     * copy waits for what it stops, so only a moment's grace is given.
     */
    void assertNothingRunning() throws InterruptedException {
        List<String> running = List.of();
        for (int i = 0; i < 10; i++) {
            running = ProcessHandle.allProcesses()
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(c -> c.contains(dstDir.toString()) || c.contains(srcDir.toString()))
                    .toList();
            if (running.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertNotNull(null, "still running after the copy ended: " + running);
    }

    static void assertMessage(String expected, Runnable call) {
        CopyException e = assertThrows(CopyException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** An executor whose reads return the file with its first byte flipped, as a faulty link would. */
    private static final class AlteredReads extends ForwardingExecutor {
        AlteredReads(Executor delegate) {
            super(delegate);
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.exemux.executor.ReadHandle> openRead(String p) {
            return super.openRead(p).thenApply(in -> changingBlocks(in, (offset, b) -> {
                if (offset == 0 && b.data().length > 0) {
                    b.data()[0] ^= 1;
                }
                return b;
            }));
        }
    }
}
