package dev.exemux.tools.patch;

/**
 * How loosely a hunk's lines may equal a file's, tried in this order (the first level with a match
 * wins): what models get wrong in practice, never a fuzzy similarity that could pick the wrong place.
 */
public enum Tolerance {
    EXACT("exactly"),
    TRAILING_WHITESPACE("ignoring trailing whitespace"),
    SURROUNDING_WHITESPACE("ignoring leading and trailing whitespace"),
    UNICODE_PUNCTUATION("ignoring surrounding whitespace and with Unicode dashes, quotes and spaces read as ASCII");

    /** How the match was made, for the result. */
    public final String description;

    Tolerance(String description) {
        this.description = description;
    }

    /** The form of {@code line} compared at this level. */
    public String normalize(String line) {
        return switch (this) {
            case EXACT -> line;
            case TRAILING_WHITESPACE -> line.stripTrailing();
            case SURROUNDING_WHITESPACE -> line.strip();
            case UNICODE_PUNCTUATION -> foldPunctuation(line).strip();
        };
    }

    /** Typographic dashes, quotes and odd spaces as their ASCII counterparts. */
    static String foldPunctuation(String s) {
        StringBuilder b = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            char folded = switch (c) {
                case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> '-';
                case '\u2018', '\u2019', '\u201A', '\u201B' -> '\'';
                case '\u201C', '\u201D', '\u201E', '\u201F' -> '"';
                case '\u00A0', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A',
                        '\u202F', '\u205F', '\u3000' -> ' ';
                default -> c;
            };
            if (folded != c && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, k);
            }
            if (b != null) {
                b.append(folded);
            }
        }
        return b == null ? s : b.toString();
    }
}
