package dev.exemux.bridge.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The frames on the wire, byte for byte, as RFC 6455 section 5 has them. */
class FramesTest {

    @Test
    void maskingEightBytesAtATimeEqualsTheRfcsBytewiseMaskForEveryLengthAndKey() {
        Random random = new Random(7);
        for (int length = 0; length < 70; length++) {
            for (int round = 0; round < 20; round++) {
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                int key = random.nextInt();
                byte[] expected = payload.clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] ^= (byte) (key >>> (24 - 8 * (i % 4)));
                }
                FrameWriter.mask(payload, key);
                assertArrayEquals(expected, payload, "length " + length);
            }
        }
    }

    @Test
    void eachFrameIsFinalMaskedWithAFreshKeyAndItsLengthInTheShortestForm() throws IOException {
        for (int length : new int[] {0, 125, 126, 65535, 65536, 3 << 20}) {
            byte[] message = new byte[length];
            new Random(length).nextBytes(message);
            Buffer wire = new Buffer();
            FrameWriter writer = new FrameWriter(wire, new SecureRandom());
            writer.write(FrameReader.BINARY, message.clone());
            writer.write(FrameReader.BINARY, message.clone());
            byte[] firstKey = null;
            for (int frame = 0; frame < 2; frame++) {
                assertEquals(0x80 | FrameReader.BINARY, wire.readByte() & 0xff, "FIN and binary");
                int second = wire.readByte() & 0xff;
                assertTrue((second & 0x80) != 0, "a client masks every frame");
                long declared = second & 0x7f;
                int expectedForm = length <= 125 ? length : length <= 65535 ? 126 : 127;
                assertEquals(expectedForm, declared, "length form for " + length);
                if (declared == 126) {
                    declared = wire.readShort() & 0xffff;
                } else if (declared == 127) {
                    declared = wire.readLong();
                }
                assertEquals(length, declared);
                byte[] key = wire.readByteArray(4);
                byte[] payload = wire.readByteArray(declared);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= key[i % 4];
                }
                assertArrayEquals(message, payload);
                if (frame == 0) {
                    firstKey = key;
                } else if (length > 0) {
                    assertNotEquals(java.util.Arrays.toString(firstKey), java.util.Arrays.toString(key), "a fresh key per frame");
                }
            }
        }
    }

    /** What a reader handed on, in order. */
    private static final class Seen implements FrameReader.Frames {
        final List<String> events = new ArrayList<>();

        @Override
        public void onMessage(byte[] message) {
            events.add("message " + new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void onPing(byte[] payload) {
            events.add("ping " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void onPong() {
            events.add("pong");
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close " + code + " " + reason);
        }
    }

    private static Buffer frame(Buffer out, boolean fin, int opcode, byte[] payload) {
        out.writeByte((fin ? 0x80 : 0) | opcode);
        if (payload.length <= 125) {
            out.writeByte(payload.length);
        } else if (payload.length <= 65535) {
            out.writeByte(126).writeShort(payload.length);
        } else {
            out.writeByte(127).writeLong(payload.length);
        }
        return out.write(payload);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(Buffer wire, long maxMessage) throws IOException {
        Seen seen = new Seen();
        FrameReader reader = new FrameReader(wire, maxMessage);
        while (!wire.exhausted()) {
            reader.readFrame(seen);
        }
        return seen.events;
    }

    @Test
    void aFragmentedMessageArrivesWholeWithAPingBetweenItsFramesHandedOnFirst() throws IOException {
        Buffer wire = new Buffer();
        frame(wire, false, FrameReader.TEXT, utf8("{\"a\":"));
        frame(wire, true, FrameReader.PING, utf8("hi"));
        frame(wire, false, FrameReader.CONTINUATION, utf8("\"é"));
        frame(wire, true, FrameReader.CONTINUATION, utf8("\"}"));
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) 'x');
        frame(wire, true, FrameReader.BINARY, big);
        frame(wire, true, FrameReader.PONG, new byte[0]);
        assertEquals(List.of("ping hi", "message {\"a\":\"é\"}", "message " + "x".repeat(70_000), "pong"), readAll(wire, 1 << 20));
    }

    @Test
    void aCloseFrameGivesItsStatusAndReasonOrNoStatusWhenEmpty() throws IOException {
        Buffer wire = new Buffer();
        Buffer close = new Buffer().writeShort(1001).writeUtf8("going away");
        frame(wire, true, FrameReader.CLOSE, close.readByteArray());
        frame(wire, true, FrameReader.CLOSE, new byte[0]);
        assertEquals(List.of("close 1001 going away", "close 1005 "), readAll(wire, 100));
    }

    @Test
    void framesAServerMustNotSendEndTheConnection() {
        List<Buffer> bad = new ArrayList<>();
        bad.add(new Buffer().writeByte(0x81).writeByte(0x80 | 1).writeInt(0).writeByte('x')); // masked
        bad.add(new Buffer().writeByte(0x80 | 0x40 | 1).writeByte(1).writeByte('x')); // reserved bit, no extension
        bad.add(frame(new Buffer(), true, FrameReader.CONTINUATION, utf8("x"))); // continues nothing
        bad.add(frame(frame(new Buffer(), false, FrameReader.TEXT, utf8("a")), true, FrameReader.TEXT, utf8("b"))); // nested
        bad.add(frame(new Buffer(), false, FrameReader.PING, utf8("x"))); // fragmented control frame
        bad.add(frame(new Buffer(), true, FrameReader.PING, new byte[126])); // control frame over 125 bytes
        bad.add(frame(new Buffer(), true, 0x3, utf8("x"))); // reserved opcode
        bad.add(frame(new Buffer(), true, FrameReader.CLOSE, new byte[] {3})); // close of one byte
        bad.add(new Buffer().writeByte(0x82).writeByte(127).writeLong(Long.MIN_VALUE)); // length over 2^63
        for (Buffer wire : bad) {
            assertThrows(ProtocolException.class, () -> readAll(wire, 100), wire.snapshot().hex());
        }
    }

    @Test
    void aMessageOverTheLimitEndsTheConnectionBeforeItIsRead() {
        Buffer wire = frame(new Buffer(), false, FrameReader.BINARY, new byte[60]);
        frame(wire, true, FrameReader.CONTINUATION, new byte[41]);
        ProtocolException e = assertThrows(ProtocolException.class, () -> readAll(wire, 100));
        assertTrue(e.getMessage().contains("over 100 bytes"), e.getMessage());
        assertEquals(41, wire.size(), "the oversized frame's payload was not read");
    }
}
