package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadTailBufferTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void keepsEverythingThatFits() {
        HeadTailBuffer buffer = new HeadTailBuffer(4, 4);
        buffer.append(ascii("abc"));
        buffer.append(ascii("defg"));
        HeadTailBuffer.Captured c = buffer.drain(true);
        assertEquals("abcd", new String(c.head(), StandardCharsets.US_ASCII));
        assertEquals("efg", new String(c.tail(), StandardCharsets.US_ASCII));
        assertEquals(0, c.dropped());
        assertTrue(buffer.isEmpty());
    }

    @Test
    void keepsHeadAndTailAndCountsWhatFellOutAcrossWraps() {
        HeadTailBuffer buffer = new HeadTailBuffer(3, 5);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String piece = Integer.toString(i, 36).repeat(1 + i % 7);
            all.append(piece);
            buffer.append(ascii(piece));
        }
        HeadTailBuffer.Captured c = buffer.drain(true);
        String s = all.toString();
        assertEquals(s.substring(0, 3), new String(c.head(), StandardCharsets.US_ASCII));
        assertEquals(s.substring(s.length() - 5), new String(c.tail(), StandardCharsets.US_ASCII));
        assertEquals(s.length() - 8, c.dropped());
        assertEquals(s.length(), c.totalBytes());
    }

    @Test
    void aChunkLargerThanTheTailKeepsItsLastBytes() {
        HeadTailBuffer buffer = new HeadTailBuffer(2, 3);
        buffer.append(ascii("ab"));
        buffer.append(ascii("xy"));
        buffer.append(ascii("0123456789"));
        HeadTailBuffer.Captured c = buffer.drain(true);
        assertArrayEquals(ascii("ab"), c.head());
        assertArrayEquals(ascii("789"), c.tail());
        assertEquals(9, c.dropped());
    }

    @Test
    void memoryStaysBoundedWhateverIsWritten() {
        HeadTailBuffer buffer = new HeadTailBuffer(1000, 1000);
        byte[] chunk = new byte[8192];
        for (int i = 0; i < 10_000; i++) { // 80 MB
            buffer.append(chunk);
            assertTrue(buffer.heldBytes() <= 2000, "held " + buffer.heldBytes());
        }
        assertEquals(81_920_000L, buffer.pendingBytes());
    }

    @Test
    void holdsBackACharacterCutByTheEndOfARead() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        HeadTailBuffer buffer = new HeadTailBuffer(100, 100);
        buffer.append(ascii("a"));
        buffer.append(euro, 0, 2);
        HeadTailBuffer.Captured first = buffer.drain(false);
        assertArrayEquals(ascii("a"), first.head());
        assertFalse(buffer.hasNews(), "half a character is not news: a reader must keep waiting");
        assertEquals(0, buffer.drain(false).totalBytes());
        buffer.append(euro, 2, 1);
        assertTrue(buffer.hasNews());
        HeadTailBuffer.Captured second = buffer.drain(false);
        assertArrayEquals(euro, second.head());
    }

    @Test
    void resizeAppliesFromTheNextRead() {
        HeadTailBuffer buffer = new HeadTailBuffer(2, 2);
        buffer.append(ascii("abcdef"));
        buffer.resize(10, 10);
        assertEquals(2, buffer.drain(true).dropped());
        buffer.append(ascii("abcdef"));
        assertEquals(0, buffer.drain(true).dropped());
    }
}
