package dev.exemux.tools.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void decodesValidTextOfEveryLength() {
        String s = "a é € 𝄞 ✓";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Utf8.Decoded d = Utf8.decode(b, 0, b.length);
        assertEquals(s, d.text());
        assertEquals(0, d.invalidBytes());
    }

    @Test
    void replacesEachInvalidByteAndCountsIt() {
        // 0xFF never occurs; C0 80 is an overlong NUL; ED A0 80 is a UTF-16 surrogate; a lone continuation.
        byte[] b = bytes('a', 0xFF, 'b', 0xC0, 0x80, 0xED, 0xA0, 0x80, 0x80, 'c');
        Utf8.Decoded d = Utf8.decode(b, 0, b.length);
        assertEquals("a\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDc", d.text());
        assertEquals(7, d.invalidBytes());
    }

    @Test
    void findsCharacterBoundariesFromBothEnds() {
        byte[] b = "aé€𝄞z".getBytes(StandardCharsets.UTF_8); // 1+2+3+4+1 bytes
        assertEquals(1 + 2 + 3, Utf8.prefixEnd(b, 0, b.length, 3));
        assertEquals(b.length - 5, Utf8.suffixStart(b, 0, b.length, 2));
        assertEquals(0, Utf8.suffixStart(b, 0, b.length, 99));
        assertEquals(5, Utf8.countChars(b, 0, b.length));
    }

    @Test
    void recognisesACharacterCutAtTheEnd() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, Utf8.incompleteSuffix(euro, 0, 2));
        assertEquals(1, Utf8.incompleteSuffix(euro, 0, 1));
        assertEquals(0, Utf8.incompleteSuffix(euro, 0, 3));
        assertEquals(0, Utf8.incompleteSuffix(bytes('a', 0xFF), 0, 2));
        assertEquals(3, Utf8.skipContinuations(euro, 1, 3));
        assertEquals(0, Utf8.skipContinuations(euro, 0, 3));
    }

    @Test
    void countsInvalidBytesButNotACharacterCutAtTheEnd() {
        byte[] b = bytes('a', 0xFF, 0xC3, 0xA9, 0xE2, 0x82);
        assertEquals(1, Utf8.invalidBytes(b, 0, b.length));
        assertEquals(2, Utf8.invalidBytes(bytes(0xC0, 0x80), 0, 2), "an overlong sequence is invalid");
    }

    @Test
    void tellsBinaryFromTextWithAFewBadBytes() {
        assertTrue(Utf8.looksBinary(bytes('a', 0, 'b'), 0, 3), "a NUL byte means binary");
        byte[] latin1 = "caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e and more plain words".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(Utf8.looksBinary(latin1, 0, latin1.length), "a few accents in Latin-1 stay text");
        byte[] noise = bytes(0xFF, 0xFE, 'a', 0x80, 0x81);
        assertTrue(Utf8.looksBinary(noise, 0, noise.length));
    }

    @Test
    void strictDecodingRefusesInvalidTextAndSaysWhere() {
        assertEquals("é", Utf8.decodeStrict(bytes(0xC3, 0xA9)));
        assertNull(Utf8.decodeStrict(bytes('a', 'b', 0xFF)));
        assertEquals(2, Utf8.firstInvalidOffset(bytes('a', 'b', 0xFF)));
        assertEquals(-1, Utf8.firstInvalidOffset(bytes('a')));
    }
}
