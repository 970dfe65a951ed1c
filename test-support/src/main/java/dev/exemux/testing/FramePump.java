package dev.exemux.testing;

import java.io.IOException;
import java.time.Duration;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Copies WebSocket frames from one socket to another byte for byte: header, masking key and payload
 * pass unchanged, so a client's masked frames are valid towards the upstream server and the server's
 * unmasked frames are valid towards the client. Payloads are streamed, never held whole, so messages
 * of any size and fragmentation pass.
 */
final class FramePump {

    /** What the pump asks before each frame; read per frame so faults apply to a live connection. */
    interface Gate {
        /** False swallows the frame (a black hole). */
        boolean passes();

        /** Pause before the first frame of each data message. */
        Duration delayBeforeMessage();
    }

    /** Sees each small whole message a client sends, as text; never changes a frame. */
    interface Tap {
        void message(String text);
    }

    /** Larger messages (file contents) are not shown to a tap: the requests it counts are small. */
    private static final int TAP_LIMIT = 64 * 1024;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private final BufferedSource in;
    private final BufferedSink out;
    private final Gate gate;
    private final Tap tap;

    /** @param tap null, or what sees the client's messages (frames with a mask are the client's) */
    FramePump(BufferedSource in, BufferedSink out, Gate gate, Tap tap) {
        this.in = in;
        this.out = out;
        this.gate = gate;
        this.tap = tap;
    }

    /** Returns at end of stream on a frame boundary; throws when either socket breaks. */
    void run() throws IOException, InterruptedException {
        Buffer header = new Buffer();
        while (!in.exhausted()) {
            long payloadLength = readHeader(header);
            if (!gate.passes()) {
                header.clear();
                in.skip(payloadLength);
                continue;
            }
            int opcode = header.getByte(0) & 0x0f;
            if (opcode == OPCODE_TEXT || opcode == OPCODE_BINARY) {
                Duration delay = gate.delayBeforeMessage();
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
            }
            // A whole data message (FIN) from the client (masked): text, or binary as the bridge sends its JSON.
            boolean wholeClientMessage = (opcode == OPCODE_TEXT || opcode == OPCODE_BINARY)
                    && (header.getByte(0) & 0x80) != 0 && (header.getByte(1) & 0x80) != 0;
            if (tap != null && wholeClientMessage && payloadLength <= TAP_LIMIT) {
                byte[] payload = in.readByteArray(payloadLength);
                tap.message(unmasked(payload, header));
                out.write(header, header.size());
                out.write(payload);
            } else {
                out.write(header, header.size());
                out.write(in, payloadLength);
            }
            out.flush();
        }
    }

    /** The text of a client's payload: RFC 6455's mask is the header's last 4 bytes. */
    private static String unmasked(byte[] payload, Buffer header) {
        long keyAt = header.size() - 4;
        byte[] text = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            text[i] = (byte) (payload[i] ^ header.getByte(keyAt + (i & 3)));
        }
        return new String(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** RFC 6455 section 5.2: 2 bytes, an extended length of 0, 2 or 8 bytes, a 4-byte mask if masked. */
    private long readHeader(Buffer header) throws IOException {
        byte b0 = in.readByte();
        byte b1 = in.readByte();
        header.writeByte(b0).writeByte(b1);
        long length = b1 & 0x7f;
        if (length == 126) {
            int extended = in.readShort() & 0xffff;
            header.writeShort(extended);
            length = extended;
        } else if (length == 127) {
            length = in.readLong();
            header.writeLong(length);
        }
        if ((b1 & 0x80) != 0) {
            header.write(in, 4);
        }
        return length;
    }
}
