package dev.exemux.tools.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.tools.spi.ToolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dialect every engine is given: what is rewritten, what is refused, how lines match. */
class LinePatternTest {

    @Test
    void nonAsciiTextBecomesGroupedBytesSoQuantifiersApplyToTheWholeCharacter() {
        assertEquals("caf(?:\\xC3\\xA9)+", LinePattern.regex("café+", true).bytePattern());
        assertTrue(LinePattern.regex("café+", true).matches(utf8("un cafééé")));
        assertEquals("(?i)a\\x2Eb\\x20c", LinePattern.literal("a.b c", false).bytePattern());
        assertEquals("x\\x09y", LinePattern.regex("x\ty", true).bytePattern());
    }

    @Test
    void aPatternTooLongForTheEnginesIsRefusedWithoutEchoingIt() {
        String hostile = "é中🚀x".repeat(2000); // 98,000 characters once written as bytes
        for (ToolException e : java.util.List.of(
                assertThrows(ToolException.class, () -> LinePattern.literal(hostile, true)),
                assertThrows(ToolException.class, () -> LinePattern.regex(hostile, false)))) {
            assertTrue(e.getMessage().contains("too long") && e.getMessage().contains(String.valueOf(LinePattern.MAX_ENGINE_PATTERN)),
                    e.getMessage());
            assertTrue(e.getMessage().length() < 300, e.getMessage());
        }
        String longButFine = "é".repeat(1000); // 12,000 characters for the engines
        assertTrue(LinePattern.literal(longButFine, true).matches(utf8("<" + longButFine + ">")));
    }

    @Test
    void classesAndCaseAreAscii() {
        assertFalse(LinePattern.regex("\\w", true).matches(utf8("é")));
        assertTrue(LinePattern.regex("^.{2}$", true).matches(utf8("é")), "'.' is one byte");
        assertFalse(LinePattern.regex("CAFÉ", false).matches(utf8("café")), "no case folding beyond ASCII");
        assertTrue(LinePattern.regex("CAF", false).matches(utf8("café")));
        assertTrue(LinePattern.regex("[]a]x", true).matches(utf8("]x")), "a leading ']' is literal");
    }

    @Test
    void whatTheEnginesDisagreeOnIsRefusedNamingIt() {
        assertRefused("(?<=a)b", "lookaround");
        assertRefused("(?<name>a)", "named");
        assertRefused("(a)\\1", "backreferences");
        assertRefused("a++", "possessive");
        assertRefused("\\p{L}", "\\p");
        assertRefused("[[:digit:]]", "POSIX");
        assertRefused("[a&&b]", "&&");
        assertRefused("[é]", "non-ASCII");
        assertRefused("\\x{41}", "\\xHH");
        assertRefused("a(", "not a valid regular expression");
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsRefusedInsteadOfOutlivingTheCall() {
        // Java 17 memoizes the classic (a+)+$; this one still grows steeply with the line.
        LinePattern p = LinePattern.regex("(.*?,){15}P", true);
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            line.append(i).append(',');
        }
        ToolException e = assertThrows(ToolException.class, () -> p.matches(utf8(line.toString())));
        assertTrue(e.getMessage().contains("takes too long"), e.getMessage());
        assertTrue(p.matches(utf8("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,P")));
    }

    private static void assertRefused(String pattern, String fragment) {
        ToolException e = assertThrows(ToolException.class, () -> LinePattern.regex(pattern, true), pattern);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
