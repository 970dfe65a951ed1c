package dev.exemux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Duration;
import java.util.Random;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** Frames pass byte for byte, whatever their size, masking or fragmentation. */
class FramePumpTest {

    private static final int FIN = 0x80;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int PING = 0x9;

    @Test
    void copiesFramesOfEveryLengthEncodingUnchanged() throws Exception {
        Buffer in = new Buffer();
        frame(in, FIN | TEXT, false, payload(0));
        frame(in, FIN | TEXT, false, payload(125));        // 7-bit length
        frame(in, FIN | BINARY, true, payload(126));       // 16-bit length, masked
        frame(in, FIN | BINARY, false, payload(65_535));
        frame(in, FIN | TEXT, true, payload(65_536));      // 64-bit length
        frame(in, FIN | BINARY, false, payload(3 << 20));
        ByteString sent = in.snapshot();

        Buffer out = pump(in, open(Duration.ZERO));

        assertEquals(sent, out.readByteString());
    }

    @Test
    void copiesFragmentedMessagesWithInterleavedControlFrames() throws Exception {
        Buffer in = new Buffer();
        frame(in, TEXT, true, payload(1 << 20));
        frame(in, FIN | PING, true, payload(4));
        frame(in, CONTINUATION, true, payload(1 << 20));
        frame(in, FIN | CONTINUATION, true, payload(10));
        ByteString sent = in.snapshot();

        assertEquals(sent, pump(in, open(Duration.ZERO)).readByteString());
    }

    @Test
    void aClosedGateSwallowsWholeFramesAndKeepsReading() throws Exception {
        Buffer in = new Buffer();
        frame(in, FIN | TEXT, false, payload(70_000));
        frame(in, FIN | TEXT, false, payload(3));
        int[] frames = {0};
        FramePump.Gate secondOnly = new FramePump.Gate() {
            @Override
            public boolean passes() {
                return frames[0]++ == 1;
            }

            @Override
            public Duration delayBeforeMessage() {
                return Duration.ZERO;
            }
        };

        Buffer out = pump(in, secondOnly);

        Buffer expected = new Buffer();
        frame(expected, FIN | TEXT, false, payload(3));
        assertEquals(expected.readByteString(), out.readByteString());
    }

    @Test
    void delaysDataMessagesButNotContinuationsOrControlFrames() throws Exception {
        Buffer in = new Buffer();
        frame(in, TEXT, false, payload(5));
        frame(in, FIN | CONTINUATION, false, payload(5));
        frame(in, FIN | PING, false, payload(0));
        frame(in, FIN | BINARY, false, payload(5));
        int[] delays = {0};
        FramePump.Gate slow = new FramePump.Gate() {
            @Override
            public boolean passes() {
                return true;
            }

            @Override
            public Duration delayBeforeMessage() {
                delays[0]++;
                return Duration.ofMillis(150);
            }
        };

        long start = System.nanoTime();
        pump(in, slow);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals(2, delays[0], "one delay per data message");
        assertTrue(elapsedMs >= 300, "the delays were not waited: " + elapsedMs + " ms");
    }

    @Test
    void aTapSeesEachSmallWholeClientMessageUnmaskedWhileEveryFramePassesUnchanged() throws Exception {
        Buffer in = new Buffer();
        byte[] start = "{\"id\":1,\"method\":\"process/start\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        frame(in, FIN | TEXT, true, start);
        frame(in, FIN | TEXT, false, "{\"id\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // not a client's
        frame(in, TEXT, true, start);                                  // a fragment: not whole
        frame(in, FIN | CONTINUATION, true, payload(3));
        frame(in, FIN | TEXT, true, payload(70_000));                  // too large to be a request worth counting
        ByteString sent = in.snapshot();
        java.util.List<String> seen = new java.util.ArrayList<>();
        Buffer out = new Buffer();

        new FramePump(in, out, open(Duration.ZERO), seen::add).run();

        assertEquals(sent, out.readByteString());
        assertEquals(java.util.List.of(new String(start, java.nio.charset.StandardCharsets.UTF_8)), seen);
    }

    @Test
    void aStreamCutInsideAFrameIsAnError() {
        Buffer in = new Buffer();
        in.writeByte(FIN | TEXT).writeByte(100).write(payload(40));
        assertThrows(EOFException.class, () -> pump(in, open(Duration.ZERO)));
    }

    private static Buffer pump(Buffer in, FramePump.Gate gate) throws Exception {
        Buffer out = new Buffer();
        new FramePump(in, out, gate, null).run();
        return out;
    }

    private static FramePump.Gate open(Duration delay) {
        return new FramePump.Gate() {
            @Override
            public boolean passes() {
                return true;
            }

            @Override
            public Duration delayBeforeMessage() {
                return delay;
            }
        };
    }

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Writes one RFC 6455 frame (masking applied when {@code masked}). */
    private static void frame(Buffer out, int b0, boolean masked, byte[] payload) {
        out.writeByte(b0);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.writeByte(maskBit | payload.length);
        } else if (payload.length <= 0xffff) {
            out.writeByte(maskBit | 126).writeShort(payload.length);
        } else {
            out.writeByte(maskBit | 127).writeLong(payload.length);
        }
        if (masked) {
            byte[] key = {0x12, 0x34, 0x56, 0x78};
            out.write(key);
            byte[] data = payload.clone();
            for (int i = 0; i < data.length; i++) {
                data[i] ^= key[i % 4];
            }
            out.write(data);
        } else {
            out.write(payload);
        }
    }
}
