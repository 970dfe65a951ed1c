package dev.exemux.tools.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void eachLevelComparesLooserThanTheLast() {
        String line = "\t  x = \u201cy\u201d \u2014 z  ";
        assertEquals(line, Tolerance.EXACT.normalize(line));
        assertEquals("\t  x = \u201cy\u201d \u2014 z", Tolerance.TRAILING_WHITESPACE.normalize(line));
        assertEquals("x = \u201cy\u201d \u2014 z", Tolerance.SURROUNDING_WHITESPACE.normalize(line));
        assertEquals("x = \"y\" - z", Tolerance.UNICODE_PUNCTUATION.normalize(line));
    }

    @Test
    void foldsDashesQuotesAndOddSpacesOnly() {
        assertEquals("------- '''' \"\"\"\"", Tolerance.foldPunctuation("\u2010\u2011\u2012\u2013\u2014\u2015\u2212 \u2018\u2019\u201a\u201b \u201c\u201d\u201e\u201f"));
        assertEquals("a b c d e f g h i j k l m n", Tolerance.foldPunctuation(
                "a\u00a0b\u2002c\u2003d\u2004e\u2005f\u2006g\u2007h\u2008i\u2009j\u200ak\u202fl\u205fm\u3000n"));
        String untouched = "é ü 中文 `backtick` «guillemets» … \u200b";
        assertEquals(untouched, Tolerance.foldPunctuation(untouched));
    }
}
