package dev.exemux.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.local.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both paths on one executor: its own copy, staged and verified like the others, never the relay. */
class WithinOneExecutorCopyTest {

    private final LocalExecutor local = new LocalExecutor();
    private final CopyService service = new CopyService(null);
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        local.shutdown();
    }

    @Test
    void copiesAFileWithItsChecksum() throws Exception {
        byte[] data = CopyContract.random(500_000, 21);
        Path src = Files.write(dir.resolve("a.bin"), data);
        CopyResult r = service.copy(local, src.toString(), local, dir.resolve("b.bin").toString(), false, Transport.AUTO,
                CopyProgress.NONE, Duration.ofSeconds(30));
        assertEquals("executor", r.transport());
        assertNull(r.fallbackReason());
        assertEquals(data.length, r.bytes());
        assertEquals(CopyContract.sha256(data), r.sha256());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("b.bin")));
        CopyContract.assertOnly(dir, "a.bin", "b.bin");
    }

    @Test
    void copiesADirectory() throws Exception {
        Files.createDirectories(dir.resolve("t/u"));
        Files.writeString(dir.resolve("t/u/f.txt"), "x");
        service.copy(local, dir.resolve("t").toString(), local, dir.resolve("t2").toString(), true, Transport.AUTO,
                CopyProgress.NONE, Duration.ofSeconds(30));
        assertEquals("x", Files.readString(dir.resolve("t2/u/f.txt")));
        CopyContract.assertOnly(dir, "t", "t2");
    }

    @Test
    void refusesToCopyAPathOntoItself() throws Exception {
        Path src = Files.writeString(dir.resolve("same"), "x");
        CopyException e = assertThrows(CopyException.class, () -> service.copy(local, src.toString(), local, src + "/",
                false, Transport.AUTO, CopyProgress.NONE, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("same path"), e.getMessage());
    }
}
