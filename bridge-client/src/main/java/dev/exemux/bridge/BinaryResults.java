package dev.exemux.bridge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.exemux.executor.ReadHandle;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads results that carry a file's bytes as base64 ({@code fs/readBlock}'s {@code chunk},
 * {@code fs/readFile}'s {@code dataBase64}) straight from the parser: Jackson decodes the base64 as it
 * scans it, so no String of the payload and no tree is ever built. Writes such payloads too.
 */
final class BinaryResults {

    private static final byte[] EMPTY = new byte[0];

    /** The decoded payload field (empty when absent) and the {@code eof} flag (false when absent). */
    record Read(byte[] data, boolean eof) {}

    private BinaryResults() {}

    /**
     * Like {@link #read}, but a payload that is plain base64 in {@code message} (the reply's bytes, null if
     * not at hand) is kept as that text, undecoded (see {@link ReadHandle.Block}).
     */
    static ReadHandle.Block readBlock(JsonParser in, byte[] message, String payloadField, String exeId) throws IOException {
        byte[] data = EMPTY;
        byte[] base64 = null;
        boolean eof = false;
        if (in.currentToken() != JsonToken.START_OBJECT) {
            in.skipChildren();
            return new ReadHandle.Block(data, eof);
        }
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            JsonToken value = in.nextToken();
            if (field.equals(payloadField) && value == JsonToken.VALUE_STRING) {
                base64 = message == null ? null : plainString(in, message);
                if (base64 == null || base64.length % 4 != 0) {
                    base64 = null;
                    data = in.getBinaryValue(); // escapes, or not base64 at all: Jackson decodes or refuses it
                }
                // else: the parser skips the string's bytes at the next token
            } else if (field.equals("eof") && value.isBoolean()) {
                eof = in.getBooleanValue();
            } else {
                in.skipChildren();
            }
        }
        return base64 != null ? ReadHandle.Block.ofBase64(base64, eof, exeId) : new ReadHandle.Block(data, eof);
    }

    /**
     * The bytes of the string value the parser is on, as they are in {@code message}, if it has no escape
     * sequence (base64 never needs one); else null.
     */
    private static byte[] plainString(JsonParser in, byte[] message) {
        long quote = in.currentTokenLocation().getByteOffset();
        if (quote < 0 || quote >= message.length || message[(int) quote] != '"') {
            return null;
        }
        int start = (int) quote + 1;
        int end = start;
        // Eight bytes at a time up to the word holding a quote or a backslash: a third of the byte loop's
        // time under C1 (a 1.4 MB block is scanned on every read of a stream copy).
        for (int last = message.length - 8; end <= last; end += 8) {
            long word = (long) LONGS.get(message, end);
            if (hasZeroByte(word ^ QUOTES) || hasZeroByte(word ^ BACKSLASHES)) {
                break;
            }
        }
        for (; end < message.length; end++) {
            byte b = message[end];
            if (b == '"') {
                return Arrays.copyOfRange(message, start, end);
            }
            if (b == '\\') {
                return null;
            }
        }
        return null;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    private static boolean hasZeroByte(long word) {
        return ((word - ONES) & ~word & 0x8080808080808080L) != 0;
    }

    static Read read(JsonParser in, String payloadField) throws IOException {
        byte[] data = EMPTY;
        boolean eof = false;
        if (in.currentToken() != JsonToken.START_OBJECT) {
            in.skipChildren();
            return new Read(data, eof);
        }
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            JsonToken value = in.nextToken();
            if (field.equals(payloadField) && value == JsonToken.VALUE_STRING) {
                data = in.getBinaryValue();
            } else if (field.equals("eof") && value.isBoolean()) {
                eof = in.getBooleanValue();
            } else {
                in.skipChildren();
            }
        }
        return new Read(data, eof);
    }

    /**
     * Writes {@code data} as a base64 string value. The JDK's encoder is about twice as fast as
     * Jackson's {@code writeBinary} (1.3 against 0.75 GB/s in a microbenchmark here; the stream copy is
     * CPU-bound), and base64 needs no JSON escaping, so the encoded bytes go out as they are.
     */
    static void writeBase64(JsonGenerator out, byte[] data) throws IOException {
        byte[] encoded = Base64.getEncoder().encode(data);
        out.writeRawUTF8String(encoded, 0, encoded.length);
    }

    /** Writes {@code block} as a base64 string value: as it came, if it came as base64. */
    static void writeBase64(JsonGenerator out, ReadHandle.Block block) throws IOException {
        byte[] encoded = block.base64();
        out.writeRawUTF8String(encoded, 0, encoded.length);
    }

    /** For replies whose result carries nothing the caller needs ({@code {}}). */
    static Void skip(JsonParser in) throws IOException {
        in.skipChildren();
        return null;
    }
}
