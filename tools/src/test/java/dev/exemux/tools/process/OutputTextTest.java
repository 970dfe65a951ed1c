package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTextTest {

    private static OutputText capture(byte[] data, int maxChars) {
        HeadTailBuffer buffer = new HeadTailBuffer((maxChars / 2) * 4, (maxChars - maxChars / 2) * 4);
        for (int i = 0; i < data.length; i += 1000) {
            buffer.append(data, i, Math.min(1000, data.length - i));
        }
        return OutputText.render(buffer.drain(true), maxChars, false);
    }

    @Test
    void shortOutputIsShownWhole() {
        OutputText t = capture("hello\nworld\n".getBytes(StandardCharsets.UTF_8), 200);
        assertEquals("hello\nworld\n", t.text());
        assertEquals(0, t.omittedBytes());
        assertEquals(12, t.bytes());
    }

    @Test
    void longOutputKeepsHeadAndTailAndSaysHowMuchWasOmitted() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            s.append("line ").append(i).append('\n');
        }
        byte[] data = s.toString().getBytes(StandardCharsets.UTF_8);
        OutputText t = capture(data, 1000);
        assertTrue(t.text().startsWith("line 0\nline 1\n"), t.text());
        assertTrue(t.text().endsWith("line 9999\n"), t.text());
        String marker = OutputText.marker(t.omittedBytes());
        assertTrue(t.text().contains("\n[… " + t.omittedBytes() + " bytes omitted …]\nline "),
                "cuts fall on line breaks: " + t.text());
        long shown = t.text().length() - marker.length();
        assertEquals(data.length - shown, t.omittedBytes());
        assertTrue(shown <= 1000 && shown >= 1000 - 2 * 125, "shown " + shown);
    }

    @Test
    void contiguousOutputJustOverTheLimitIsCutInTheMiddle() {
        byte[] data = "x".repeat(250).getBytes(StandardCharsets.UTF_8);
        OutputText t = capture(data, 200); // kept whole in the buffer (800 bytes), but too many characters
        assertEquals(50, t.omittedBytes());
        assertEquals("x".repeat(100) + "\n" + OutputText.marker(50) + "x".repeat(100), t.text());
    }

    @Test
    void oneGiantLineDoesNotEatTheBudget() {
        byte[] data = ("start " + "y".repeat(5_000_000) + " end").getBytes(StandardCharsets.UTF_8);
        OutputText t = capture(data, 2000);
        assertTrue(t.text().length() < 2100, "length " + t.text().length());
        assertTrue(t.text().startsWith("start yyy"));
        assertTrue(t.text().endsWith("yyy end"));
    }

    @Test
    void multiByteCharactersAreNeverSplitAtTheCuts() {
        byte[] data = "€".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        for (int max : new int[] {200, 201, 1001}) {
            OutputText t = capture(data, max);
            assertEquals(0, t.invalidBytes(), "max " + max);
            assertFalse(t.text().contains("\uFFFD"));
            String body = t.text().replace("\n" + OutputText.marker(t.omittedBytes()), "");
            assertEquals(max, body.length());
            assertEquals(data.length - 3L * max, t.omittedBytes());
        }
    }

    @Test
    void invalidBytesAreShownSafelyAndCounted() {
        byte[] data = {'o', 'k', (byte) 0xFF, (byte) 0xFE, ' ', (byte) 0xC3, (byte) 0xA9};
        OutputText t = capture(data, 200);
        assertEquals("ok\uFFFD\uFFFD é", t.text());
        assertEquals(2, t.invalidBytes());
    }

    @Test
    void terminalLineEndingsBecomePlainNewlines() {
        HeadTailBuffer buffer = new HeadTailBuffer(400, 400);
        buffer.append("a\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("a\nb\n", OutputText.render(buffer.drain(true), 200, true).text());
    }
}
