package dev.exemux.local;

import static dev.exemux.local.Futures.await;
import static dev.exemux.local.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.ReadHandle.Block;
import dev.exemux.executor.RemoteCallException.Reason;
import dev.exemux.executor.WriteHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamedFilesTest {

    private static final LocalExecutor local = new LocalExecutor();

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        local.shutdown();
    }

    @Test
    void fiftyMegabytesWrittenWithWritesInFlightReadBackIdentically() throws Exception {
        int size = 50 * 1024 * 1024;
        int chunk = 777_777; // not a power of two: chunk edges never line up with read blocks
        String file = dir.resolve("big file ✓.bin").toString();
        Random random = new Random(42);
        MessageDigest written = MessageDigest.getInstance("SHA-256");

        WriteHandle out = await(local.openWrite(file, size));
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int offset = 0; offset < size; offset += chunk) {
            byte[] data = new byte[Math.min(chunk, size - offset)];
            random.nextBytes(data);
            written.update(data);
            inFlight.add(out.write(data));
            if (inFlight.size() == 8) {
                await(inFlight.remove(0));
            }
        }
        inFlight.forEach(Futures::await);
        await(out.finish());
        assertEquals(size, Files.size(Path.of(file)));

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (ReadHandle in = await(local.openRead(file))) {
            assertEquals(1 << 20, in.maxBlockSize());
            long offset = 0;
            boolean eof = false;
            while (!eof) {
                Block block = await(in.read(offset, in.maxBlockSize()));
                read.update(block.data());
                offset += block.data().length;
                eof = block.eof();
                assertTrue(block.data().length == in.maxBlockSize() || eof, "short block only at the end");
            }
            assertEquals(size, offset);
        }
        assertArrayEquals(written.digest(), read.digest());
    }

    @Test
    void readsAreRandomAccessAndFlagTheEnd() throws IOException {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("f"), data);
        try (ReadHandle in = await(local.openRead(file.toString()))) {
            Block middle = await(in.read(5000, 1000));
            assertArrayEquals(Arrays.copyOfRange(data, 5000, 6000), middle.data());
            assertFalse(middle.eof());

            Block tail = await(in.read(9000, 4096));
            assertArrayEquals(Arrays.copyOfRange(data, 9000, 10_000), tail.data());
            assertTrue(tail.eof());

            Block exact = await(in.read(9000, 1000));
            assertTrue(exact.eof(), "a block that reaches the end says so");

            Block past = await(in.read(20_000, 10));
            assertEquals(0, past.data().length);
            assertTrue(past.eof());

            failure(in.read(0, 0), Reason.INVALID_ARGUMENT);
            failure(in.read(0, (1 << 20) + 1), Reason.INVALID_ARGUMENT);
            failure(in.read(-1, 10), Reason.INVALID_ARGUMENT);
            in.close();
            in.close(); // twice is harmless
            failure(in.read(0, 10), Reason.INVALID_ARGUMENT);
        }
        failure(local.openRead(dir.toString()), Reason.IS_A_DIRECTORY);
    }

    @Test
    void aHugeSparseFileIsReadInBlocksNotWhole() throws IOException {
        Path file = dir.resolve("sparse");
        long size = 3L << 30;
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            raf.seek(size - 3);
            raf.write(new byte[] {'e', 'n', 'd'});
        }
        String message = failure(local.readFile(file.toString()), Reason.INVALID_ARGUMENT).getMessage();
        assertTrue(message.contains("openRead"), message);
        try (ReadHandle in = await(local.openRead(file.toString()))) {
            Block last = await(in.read(size - 3, 1000));
            assertArrayEquals(new byte[] {'e', 'n', 'd'}, last.data());
            assertTrue(last.eof());
        }
    }

    @Test
    void writesLandInCallOrderEvenWhenAllAreInFlight() throws IOException {
        String file = dir.resolve("ordered").toString();
        WriteHandle out = await(local.openWrite(file, 1000 * 4));
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        byte[] reused = new byte[4];
        for (int i = 0; i < 1000; i++) {
            reused[0] = (byte) (i >> 8);
            reused[1] = (byte) i;
            reused[2] = 'x';
            reused[3] = '\n';
            writes.add(out.write(reused)); // same array each time: the handle must copy it
        }
        CompletableFuture<Void> finished = out.finish();
        writes.forEach(Futures::await);
        await(finished);
        byte[] content = Files.readAllBytes(Path.of(file));
        for (int i = 0; i < 1000; i++) {
            assertEquals((byte) (i >> 8), content[i * 4]);
            assertEquals((byte) i, content[i * 4 + 1]);
        }
    }

    @Test
    void aCancelledWriteStillLandsBeforeTheNextOne() throws IOException {
        // A caller that gives up on a write (Await's deadline cancels it) must not reorder the file.
        byte[] first = new byte[32 << 20];
        Arrays.fill(first, (byte) 'a');
        byte[] second = {'b', 'b'};
        String file = dir.resolve("cancelled").toString();
        WriteHandle out = await(local.openWrite(file, first.length + second.length));

        out.write(first).cancel(true);
        await(out.write(second));
        await(out.finish());

        byte[] content = Files.readAllBytes(Path.of(file));
        assertEquals('a', content[0]);
        assertEquals('b', content[content.length - 1]);
        assertEquals('a', content[first.length - 1]);
    }

    @Test
    void finishFailsAndRemovesTheFileWhenBytesAreMissing() {
        String file = dir.resolve("short").toString();
        WriteHandle out = await(local.openWrite(file, 100));
        await(out.write(new byte[60]));
        String message = failure(out.finish(), Reason.OTHER).getMessage();
        assertTrue(message.contains("Only 60 of the declared 100 bytes"), message);
        assertFalse(Files.exists(Path.of(file)), "no silent partial file");
        failure(out.write(new byte[1]), Reason.INVALID_ARGUMENT);
    }

    @Test
    void writingMoreThanDeclaredFailsTheHandle() {
        String file = dir.resolve("long").toString();
        WriteHandle out = await(local.openWrite(file, 10));
        failure(out.write(new byte[11]), Reason.INVALID_ARGUMENT);
        failure(out.finish(), Reason.OTHER);
        await(out.abort());
        assertFalse(Files.exists(Path.of(file)));
    }

    @Test
    void abortRemovesThePartialFileAndIsIdempotent() {
        String file = dir.resolve("aborted").toString();
        WriteHandle out = await(local.openWrite(file, 100));
        await(out.write(new byte[50]));
        assertTrue(Files.exists(Path.of(file)));
        await(out.abort());
        await(out.abort());
        assertFalse(Files.exists(Path.of(file)));
        failure(out.write(new byte[1]), Reason.INVALID_ARGUMENT);
    }

    @Test
    void abortAfterASuccessfulFinishKeepsTheFile() throws IOException {
        String file = dir.resolve("done").toString();
        WriteHandle out = await(local.openWrite(file, 3));
        await(out.write(new byte[] {1, 2, 3}));
        await(out.finish());
        await(out.abort());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(file)));
    }

    @Test
    void openWriteFailsLikeWriteFile() {
        failure(local.openWrite(dir.resolve("missing/x").toString(), 1), Reason.NOT_FOUND);
        failure(local.openWrite(dir.toString(), 1), Reason.IS_A_DIRECTORY);
        failure(local.openWrite(dir.resolve("neg").toString(), -1), Reason.INVALID_ARGUMENT);
    }

}
