package dev.exemux.tools.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 facts the file tools need: is it text, is it valid, where can it be cut. */
final class Utf8 {

    /** How much of a file's first block decides whether it is binary. */
    static final int SNIFF_BYTES = 64 * 1024;

    private Utf8() {}

    /**
     * True for content a model should not see as text: a NUL byte, or more than 10% of the bytes
     * outside valid UTF-8 (Latin-1 text with a few accents stays text, shown with replacement marks).
     */
    static boolean looksBinary(byte[] data, int from, int to) {
        int end = Math.min(to, from + SNIFF_BYTES);
        for (int i = from; i < end; i++) {
            if (data[i] == 0) {
                return true;
            }
        }
        return invalidBytes(data, from, end) * 10L > (end - from);
    }

    /** Bytes that are not part of a well-formed UTF-8 sequence; a sequence cut by {@code to} does not count. */
    static int invalidBytes(byte[] b, int from, int to) {
        int bad = 0;
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            int trailing = trailingCount(c);
            if (trailing == 0) {
                i++;
                continue;
            }
            if (trailing < 0) {
                bad++;
                i++;
                continue;
            }
            if (i + trailing >= to) {
                break;
            }
            boolean ok = true;
            for (int k = 1; k <= trailing; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                i += trailing + 1;
            } else {
                bad++;
                i++;
            }
        }
        return bad;
    }

    /** Continuation bytes a lead byte announces: 0 for ASCII, -1 for a byte that cannot start a character. */
    private static int trailingCount(int c) {
        if (c < 0x80) return 0;
        if (c >= 0xC2 && c <= 0xDF) return 1;
        if (c >= 0xE0 && c <= 0xEF) return 2;
        if (c >= 0xF0 && c <= 0xF4) return 3;
        return -1;
    }

    /** The longest prefix of {@code b[0..len)} that does not end inside a multi-byte character. */
    static int wholeCharacters(byte[] b, int len) {
        for (int back = 1; back <= Math.min(3, len); back++) {
            int c = b[len - back] & 0xff;
            if ((c & 0xC0) == 0x80) {
                continue; // a continuation byte: keep looking for its lead byte
            }
            int trailing = trailingCount(c);
            return trailing >= back ? len - back : len;
        }
        return len;
    }

    /** Strict decoding, or null when {@code data} is not valid UTF-8. */
    static String decodeStrict(byte[] data) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Byte offset of the first invalid sequence, for error messages; -1 when valid. */
    static long firstInvalidOffset(byte[] data) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }
}
