package dev.exemux.bridge.websocket;

import java.io.IOException;
import java.net.ProtocolException;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads server frames (RFC 6455 section 5): control frames are handed over as they come, data frames are
 * joined into whole messages. Text and binary messages alike arrive as their bytes: JSON is parsed from
 * UTF-8 without a String in between. Anything the RFC forbids a server to send ends the connection.
 */
final class FrameReader {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xa;

    /** The status a close frame without one stands for (RFC 6455 section 7.1.5). */
    static final int NO_STATUS = 1005;

    interface Frames {
        void onMessage(byte[] message);

        void onPing(byte[] payload);

        void onPong();

        void onClose(int code, String reason);
    }

    private final BufferedSource source;
    private final long maxMessage;
    private final Buffer message = new Buffer();
    private boolean inMessage;

    FrameReader(BufferedSource source, long maxMessage) {
        this.source = source;
        this.maxMessage = maxMessage;
    }

    /** Reads one frame and hands on what it completes. Blocks until a frame has arrived. */
    void readFrame(Frames to) throws IOException {
        int first = source.readByte() & 0xff;
        int second = source.readByte() & 0xff;
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0f;
        if ((first & 0x70) != 0) {
            throw new ProtocolException("the executor set reserved bits of a frame (no extension was agreed)");
        }
        if ((second & 0x80) != 0) {
            throw new ProtocolException("the executor masked a frame (servers must not)");
        }
        long length = second & 0x7f;
        if (length == 126) {
            length = source.readShort() & 0xffffL;
        } else if (length == 127) {
            length = source.readLong();
            if (length < 0) {
                throw new ProtocolException("the executor sent a frame length over 2^63");
            }
        }
        switch (opcode) {
            case PING, PONG, CLOSE -> readControl(opcode, fin, length, to);
            case TEXT, BINARY, CONTINUATION -> readData(opcode, fin, length, to);
            default -> throw new ProtocolException("the executor sent a frame of unknown opcode " + opcode);
        }
    }

    private void readControl(int opcode, boolean fin, long length, Frames to) throws IOException {
        if (!fin || length > 125) {
            throw new ProtocolException("the executor sent a fragmented or oversized control frame");
        }
        byte[] payload = source.readByteArray(length);
        switch (opcode) {
            case PING -> to.onPing(payload);
            case PONG -> to.onPong();
            default -> {
                if (payload.length == 1) {
                    throw new ProtocolException("the executor sent a close frame of one byte");
                }
                int code = payload.length == 0 ? NO_STATUS : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                String reason = payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, java.nio.charset.StandardCharsets.UTF_8);
                to.onClose(code, reason);
            }
        }
    }

    private void readData(int opcode, boolean fin, long length, Frames to) throws IOException {
        if ((opcode == CONTINUATION) != inMessage) {
            throw new ProtocolException(inMessage
                    ? "the executor began a message inside another"
                    : "the executor continued a message it never began");
        }
        if (message.size() + length > maxMessage) {
            throw new ProtocolException("the executor sent a message over " + maxMessage + " bytes");
        }
        source.readFully(message, length);
        inMessage = !fin;
        if (fin) {
            to.onMessage(message.readByteArray());
        }
    }
}
