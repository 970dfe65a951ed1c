package dev.exemux.tools.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unsorted rg output held and handed on in walk order; other engines' output passed straight on. */
class ReorderedOutputTest {

    /** What reached the next sink, in order. */
    private static final class Recorder implements EngineOutput.Sink {
        final List<String> seen = new ArrayList<>();
        int stopAfter = Integer.MAX_VALUE;

        @Override
        public void engine(String name) {
            seen.add("engine " + name);
        }

        @Override
        public boolean file(String path) {
            seen.add(path);
            return seen.size() < stopAfter;
        }

        @Override
        public boolean line(String path, long number, boolean match, byte[] text, boolean cut) {
            seen.add(path + ":" + number + (match ? ":" : "-") + new String(text, StandardCharsets.UTF_8));
            return seen.size() < stopAfter;
        }
    }

    @Test
    void rgsFilesComeOutInWalkOrderWithTheirLinesInOrder() {
        Recorder next = new Recorder();
        ReorderedOutput held = new ReorderedOutput(next, 1 << 20);
        held.engine("rg");
        assertTrue(held.line("a-b.txt", 1, true, bytes("x"), false));
        assertTrue(held.line("a/z.txt", 2, false, bytes("before"), false));
        assertTrue(held.line("a/z.txt", 3, true, bytes("y"), false));
        assertTrue(held.line("a/b/c.txt", 7, true, bytes("z"), false));
        assertEquals(List.of("engine rg"), next.seen, "nothing goes on before rg has finished");
        held.release(false);
        assertEquals(List.of("engine rg", "a/b/c.txt:7:z", "a/z.txt:2-before", "a/z.txt:3:y", "a-b.txt:1:x"), next.seen);
    }

    @Test
    void moreThanItMayHoldAsksToStop() {
        ReorderedOutput held = new ReorderedOutput(new Recorder(), 100);
        held.engine("rg");
        assertTrue(held.line("a.txt", 1, true, bytes("short"), false));
        assertFalse(held.line("b.txt", 1, true, bytes("x".repeat(100)), false));
        assertTrue(held.overflowed());
    }

    @Test
    void anotherEnginesOutputPassesStraightOn() {
        Recorder next = new Recorder();
        next.stopAfter = 3;
        ReorderedOutput held = new ReorderedOutput(next, 0);
        held.engine("grep");
        assertFalse(held.holding());
        assertTrue(held.line("b.txt", 1, true, bytes("x"), false));
        assertFalse(held.line("c.txt", 1, true, bytes("y"), false), "the next sink's answer is passed back");
        assertEquals(List.of("engine grep", "b.txt:1:x", "c.txt:1:y"), next.seen);
    }

    @Test
    void filesModeAndStoppingWhenThePageIsComplete() {
        Recorder next = new Recorder();
        next.stopAfter = 3;
        ReorderedOutput held = new ReorderedOutput(next, 1 << 20);
        held.engine("rg");
        for (String path : List.of("d/x", "c", "d-x", "a")) {
            assertTrue(held.file(path));
        }
        held.release(true);
        assertEquals(List.of("engine rg", "a", "c"), next.seen);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
