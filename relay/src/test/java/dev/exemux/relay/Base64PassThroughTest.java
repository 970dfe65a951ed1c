package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.WriteHandle;
import dev.exemux.local.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream copy hands each block to the destination as the source gave it: between two remote executors
 * (which send and take base64) a block is never decoded and encoded again. Here both sides are {@code local}
 * seen through wrappers that speak base64 the way the bridge does.
 */
class Base64PassThroughTest {

    @TempDir
    Path dir;

    @Test
    void everyBlockReachesTheDestinationAsTheTextTheSourceSentAndTheFileArrivesWhole() throws Exception {
        byte[] content = new byte[(3 << 20) + 12345];
        new Random(9).nextBytes(content);
        Path source = Files.write(dir.resolve("in.bin"), content);
        LocalExecutor local = new LocalExecutor();
        List<byte[]> sentAsBase64 = new CopyOnWriteArrayList<>();
        List<ReadHandle.Block> written = new CopyOnWriteArrayList<>();

        ForwardingExecutor src = new ForwardingExecutor(local) {
            @Override
            public CompletableFuture<ReadHandle> openRead(String path) {
                return super.openRead(path).thenApply(in -> changingBlocks(in, (offset, b) -> {
                    byte[] text = Base64.getEncoder().encode(b.data());
                    sentAsBase64.add(text);
                    return ReadHandle.Block.ofBase64(text, b.eof(), "src");
                }));
            }
        };
        ForwardingExecutor dst = new ForwardingExecutor(local) {
            @Override
            public CompletableFuture<WriteHandle> openWrite(String path, long size) {
                return super.openWrite(path, size).thenApply(out -> new WriteHandle() {
                    @Override
                    public CompletableFuture<Void> write(byte[] chunk) {
                        throw new AssertionError("a block was decoded on its way");
                    }

                    @Override
                    public CompletableFuture<Void> write(ReadHandle.Block block) {
                        written.add(block);
                        return out.write(Base64.getDecoder().decode(block.base64()));
                    }

                    @Override
                    public CompletableFuture<Void> finish() {
                        return out.finish();
                    }

                    @Override
                    public CompletableFuture<Void> abort() {
                        return out.abort();
                    }
                });
            }
        };

        Path target = dir.resolve("out.bin");
        StreamCopier.Moved moved = new StreamCopier(1 << 20, 4).copy(src, source.toString(), content.length, dst,
                target.toString(), Deadline.in(Duration.ofSeconds(30)), (done, total, message) -> {});

        assertEquals(content.length, moved.bytes());
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(4, written.size());
        Set<byte[]> sent = Collections.newSetFromMap(new IdentityHashMap<>());
        sent.addAll(sentAsBase64);
        for (ReadHandle.Block block : written) {
            assertTrue(sent.contains(block.base64()), block + " is not the very text the source sent");
        }
    }
}
