package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(String text, int max) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    private static String text(LineReader.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnNewlinesDropsCrAndKeepsALastLineWithoutNewline() throws Exception {
        LineReader r = reader("one\r\ntwo\n\nthree", 100);
        assertEquals("one", text(r.next()));
        assertEquals("two", text(r.next()));
        assertEquals("", text(r.next()));
        assertEquals("three", text(r.next()));
        assertNull(r.next());
    }

    @Test
    void oversizedLinesKeepOnlyTheirEdgesAndTheNextLineIsIntact() throws Exception {
        String big = "H".repeat(600) + "x".repeat(100_000) + "T".repeat(600);
        LineReader r = reader(big + "\nnext\n", 1000);
        LineReader.Line line = r.next();
        assertTrue(line.oversized());
        assertEquals(big.length(), line.length());
        assertEquals("H".repeat(LineReader.EDGE), text(line));
        assertArrayEquals("T".repeat(LineReader.EDGE).getBytes(StandardCharsets.UTF_8), line.tail());
        LineReader.Line next = r.next();
        assertFalse(next.oversized());
        assertEquals("next", text(next));
    }

    @Test
    void linesSpanningManyReadsAreJoined() throws Exception {
        byte[] data = ("a".repeat(200_000) + "\nb\n").getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 777), data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        LineReader r = new LineReader(trickle, 1 << 20);
        assertEquals(200_000, r.next().bytes().length);
        assertEquals("b", text(r.next()));
        assertNull(r.next());
    }
}
