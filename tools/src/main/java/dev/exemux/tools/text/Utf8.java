package dev.exemux.tools.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 over raw byte ranges that may be cut anywhere (process output, file blocks): validates
 * strictly (Unicode table 3-7), turns every invalid byte into one U+FFFD and counts it, finds
 * character boundaries from either end so a cut never splits a character, and tells text from binary.
 */
public final class Utf8 {

    public static final char REPLACEMENT = '\uFFFD';
    /** How much of a file's first block decides whether it is binary. */
    public static final int SNIFF_BYTES = 64 * 1024;

    private Utf8() {}

    /** Text of {@code b[from, to)} and how many of its bytes were not valid UTF-8. */
    public record Decoded(String text, int invalidBytes) {}

    public static Decoded decode(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int invalid = 0;
        int i = from;
        while (i < to) {
            int len = sequenceLength(b, i, to);
            if (len <= 0) {
                out.append(REPLACEMENT);
                invalid++;
                i++;
                continue;
            }
            out.appendCodePoint(codePoint(b, i, len));
            i += len;
        }
        return new Decoded(out.toString(), invalid);
    }

    /** Index just after the first {@code maxChars} characters of {@code b[from, to)} (an invalid byte is one character). */
    public static int prefixEnd(byte[] b, int from, int to, int maxChars) {
        int i = from;
        for (int n = 0; n < maxChars && i < to; n++) {
            i += Math.max(1, sequenceLength(b, i, to));
        }
        return i;
    }

    /** Index where the last {@code maxChars} characters of {@code b[from, to)} begin. */
    public static int suffixStart(byte[] b, int from, int to, int maxChars) {
        int i = to;
        for (int n = 0; n < maxChars && i > from; n++) {
            int lead = i - 1;
            while (lead > from && i - lead < 4 && isContinuation(b[lead])) {
                lead--;
            }
            i = sequenceLength(b, lead, i) == i - lead ? lead : i - 1;
        }
        return i;
    }

    /**
     * How many bytes at the end of {@code b[from, to)} start a character that is not complete yet
     * (0 to 3): they belong with the bytes that follow.
     */
    public static int incompleteSuffix(byte[] b, int from, int to) {
        for (int lead = to - 1; lead >= from && to - lead <= 3; lead--) {
            if (!isContinuation(b[lead])) {
                return sequenceLength(b, lead, to) == 0 ? to - lead : 0;
            }
        }
        return 0;
    }

    /** Skips continuation bytes left at {@code from} by a cut through a character (at most 3). */
    public static int skipContinuations(byte[] b, int from, int to) {
        int i = from;
        while (i < to && i - from < 3 && isContinuation(b[i])) {
            i++;
        }
        return i;
    }

    /**
     * Bytes of {@code b[from, to)} that are not part of a well-formed sequence (what {@link #decode}
     * replaces); a character cut by {@code to} does not count: its rest may follow.
     */
    public static int invalidBytes(byte[] b, int from, int to) {
        int bad = 0;
        int i = from;
        while (i < to) {
            int len = sequenceLength(b, i, to);
            if (len == 0) {
                break;
            }
            if (len < 0) {
                bad++;
                i++;
            } else {
                i += len;
            }
        }
        return bad;
    }

    /**
     * True for content a model should not see as text: a NUL byte, or more than 10% of the bytes
     * outside valid UTF-8 (Latin-1 text with a few accents stays text, shown with replacement marks).
     * Looks at most at the first {@link #SNIFF_BYTES}.
     */
    public static boolean looksBinary(byte[] data, int from, int to) {
        int end = Math.min(to, from + SNIFF_BYTES);
        for (int i = from; i < end; i++) {
            if (data[i] == 0) {
                return true;
            }
        }
        return invalidBytes(data, from, end) * 10L > (end - from);
    }

    /** Strict decoding of the whole array, or null when it is not valid UTF-8. */
    public static String decodeStrict(byte[] data) {
        try {
            return strictDecoder().decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Byte offset of the first invalid sequence, for error messages; -1 when valid. */
    public static long firstInvalidOffset(byte[] data) {
        CharsetDecoder decoder = strictDecoder();
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

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Number of characters {@link #decode} would produce. */
    public static int countChars(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; n++) {
            i += Math.max(1, sequenceLength(b, i, to));
        }
        return n;
    }

    private static boolean isContinuation(byte x) {
        return (x & 0xC0) == 0x80;
    }

    /**
     * Length of the well-formed sequence at {@code i} (1 to 4), 0 if it is a valid start that runs
     * past {@code to}, or -1 if the byte at {@code i} cannot start one (Unicode table 3-7).
     */
    public static int sequenceLength(byte[] b, int i, int to) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F; // no UTF-16 surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return -1;
        }
        for (int k = 1; k < len; k++) {
            if (i + k >= to) {
                return 0;
            }
            int bk = b[i + k] & 0xFF;
            if (k == 1 ? (bk < lo || bk > hi) : (bk < 0x80 || bk > 0xBF)) {
                return -1;
            }
        }
        return len;
    }

    private static int codePoint(byte[] b, int i, int len) {
        int b0 = b[i] & 0xFF;
        switch (len) {
            case 1:
                return b0;
            case 2:
                return ((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F);
            case 3:
                return ((b0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
            default:
                return ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
        }
    }
}
