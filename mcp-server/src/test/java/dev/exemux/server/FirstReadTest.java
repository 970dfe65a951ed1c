package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FirstReadTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\n";
    private static final String DISCOVER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":"
            + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}\n";
    private static final String MODERN_CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
            + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}\n";

    @Test
    void everyByteReachesTheReaderInOrderWhateverCameFirst() throws Exception {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        java.io.OutputStream client = java.nio.channels.Channels.newOutputStream(pipe.sink());
        FirstRead in = new FirstRead(java.nio.channels.Channels.newInputStream(pipe.source()));
        client.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
        assertEquals(FirstRead.Era.LEGACY, in.era().get(30, TimeUnit.SECONDS));
        byte[] later = new byte[200_000];
        for (int i = 0; i < later.length; i++) {
            later[i] = (byte) i;
        }
        Thread writer = new Thread(() -> {
            try (client) {
                client.write(later); // more than a pipe holds: written while the test reads
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        byte[] expected = new byte[INITIALIZE.length() + later.length];
        System.arraycopy(INITIALIZE.getBytes(StandardCharsets.UTF_8), 0, expected, 0, INITIALIZE.length());
        System.arraycopy(later, 0, expected, INITIALIZE.length(), later.length);
        // Small reads and single bytes, across the replayed part and the rest.
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        got.write(in.read());
        byte[] buf = new byte[7];
        int n;
        while ((n = in.read(buf, 0, buf.length)) > 0) {
            got.write(buf, 0, n);
        }
        assertEquals(-1, n);
        assertArrayEquals(expected, got.toByteArray());
    }

    @Test
    void theFirstRequestTellsTheEra() {
        assertEquals(FirstRead.Era.LEGACY, FirstRead.eraOf(INITIALIZE.getBytes(StandardCharsets.UTF_8)));
        assertEquals(FirstRead.Era.MODERN, FirstRead.eraOf(DISCOVER.getBytes(StandardCharsets.UTF_8)));
        assertEquals(FirstRead.Era.MODERN, FirstRead.eraOf(MODERN_CALL.getBytes(StandardCharsets.UTF_8)));
        assertEquals(FirstRead.Era.UNKNOWN, FirstRead.eraOf("not json at all".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEmptyStdinEndsAtOnce() throws Exception {
        FirstRead in = new FirstRead(new ByteArrayInputStream(new byte[0]));
        assertEquals(FirstRead.Era.UNKNOWN, in.era().get(30, TimeUnit.SECONDS));
        assertEquals(-1, in.read(new byte[10], 0, 10));
        assertEquals(-1, in.read());
    }

    @Test
    void aFailingStdinFailsTheReaderNotTheWarmUp() throws Exception {
        FirstRead in = new FirstRead(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("stdin is broken");
            }
        });
        assertEquals(FirstRead.Era.UNKNOWN, in.era().get(30, TimeUnit.SECONDS));
        IOException e = assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10));
        assertEquals("stdin is broken", e.getMessage());
    }
}
