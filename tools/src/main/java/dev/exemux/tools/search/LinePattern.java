package dev.exemux.tools.search;

import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one regex dialect search_files speaks, so every engine finds the same lines: the core that rg's
 * regex engine, PCRE ({@code grep -P}) and java.util.regex agree on, matched against the bytes of each
 * line. {@code .} is one byte, {@code \d \w \s \b} and case folding are ASCII-only, non-ASCII text
 * matches as its UTF-8 bytes. Lookaround, backreferences, possessive quantifiers, named groups,
 * {@code \p{..}} and POSIX classes are refused up front (rg's engine lacks some, the others differ).
 *
 * <p>{@link #bytePattern()} is the pattern rewritten to printable ASCII (non-ASCII and control
 * characters as {@code \xHH} bytes) that rg (under {@code (?-u)}), {@code grep -P} (under
 * {@code LC_ALL=C}) and Java (on lines decoded as ISO-8859-1, one char per byte) all read alike.
 */
final class LinePattern {

    private static final String ESCAPES_OUTSIDE = "dDwWsSbBAztnrfx";
    private static final String ESCAPES_INSIDE = "dDwWsStnrfx";

    private final String bytePattern;
    private final Pattern compiled;

    /**
     * The longest pattern the engines are given, as rewritten ({@code \xHH} per byte of non-ASCII text):
     * it goes to rg or grep as one argument, which Linux caps at 128 KiB, and java.util.regex compiles
     * a pattern by recursion, so a very long one overflows the stack of an interpreted thread.
     */
    static final int MAX_ENGINE_PATTERN = 16_384;

    private LinePattern(String bytePattern) {
        if (bytePattern.length() > MAX_ENGINE_PATTERN) {
            throw tooLong(bytePattern.length());
        }
        this.bytePattern = bytePattern;
        Pattern p;
        try {
            p = Pattern.compile(bytePattern, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            // The text itself was valid: only its size can fail here (java.util.regex reports a stack overflow so).
            throw tooComplex();
        }
        this.compiled = p;
    }

    private static ToolException tooComplex() {
        return new ToolException("Argument 'pattern' is too long or too deeply nested to compile. Search for a shorter,"
                + " distinctive part of it.");
    }

    private static ToolException tooLong(int engineLength) {
        return new ToolException("Argument 'pattern' is too long to search for: " + engineLength + " characters once non-ASCII text"
                + " is written as bytes for the engines, at most " + MAX_ENGINE_PATTERN + ". Search for a shorter, distinctive part of it.");
    }

    /** A regular expression; any problem is an error naming it. */
    static LinePattern regex(String pattern, boolean caseSensitive) {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            if (e.getDescription().startsWith("Stack overflow")) {
                throw tooComplex(); // valid or not, java.util.regex could not get through it
            }
            throw new ToolException("Argument 'pattern' is not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at character " + e.getIndex() : "") + " of '" + Args.echo(pattern)
                    + "'. Use literal: true to search for the text as it is.");
        }
        return new LinePattern((caseSensitive ? "" : "(?i)") + rewrite(pattern));
    }

    /** A fixed string. */
    static LinePattern literal(String text, boolean caseSensitive) {
        StringBuilder out = new StringBuilder(caseSensitive ? "" : "(?i)");
        text.codePoints().forEach(cp -> {
            if (cp < 128 && Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
            } else {
                appendBytes(out, cp);
            }
        });
        return new LinePattern(out.toString());
    }

    /** The pattern every engine is given (rg prefixed with {@code (?-u)}). */
    String bytePattern() {
        return bytePattern;
    }

    /** Whether a line (its bytes, without the newline) matches. */
    boolean matches(byte[] line) {
        return firstMatch(line) >= 0;
    }

    /**
     * Byte offset of the first match in {@code line}, or -1. java.util.regex backtracks (rg does not): a
     * pattern such as {@code (.*?,){15}P} could take hours on one line, and the call must end by its deadline,
     * so the match is given a number of steps and refused beyond them.
     */
    int firstMatch(byte[] line) {
        Matcher m = compiled.matcher(new Steps(new String(line, StandardCharsets.ISO_8859_1), STEPS + STEPS_PER_BYTE * (long) line.length));
        try {
            return m.find() ? m.start() : -1;
        } catch (TooManySteps e) {
            throw new ToolException("Argument 'pattern' takes too long to match: nested or repeated quantifiers such as (.*?,){15}"
                    + " backtrack without end on some lines; simplify it.");
        }
    }

    /** Steps (characters read) a match may take per line, plus a share per byte. */
    private static final long STEPS = 1_000_000;
    private static final long STEPS_PER_BYTE = 1_000;

    private static final class TooManySteps extends RuntimeException {
        TooManySteps() {
            super(null, null, false, false);
        }
    }

    /** A line that counts how often the matcher reads it. */
    private static final class Steps implements CharSequence {
        private final String text;
        private long left;

        Steps(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new TooManySteps();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Checks the pattern against the common dialect and writes it as bytes. */
    private static String rewrite(String p) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        int classStart = -1;
        for (int i = 0; i < p.length(); ) {
            int cp = p.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '\\') {
                if (next >= p.length()) {
                    throw refuse(p, i, "a trailing backslash");
                }
                char e = p.charAt(next);
                boolean punct = e < 128 && !Character.isLetterOrDigit(e);
                if (!punct && (inClass ? ESCAPES_INSIDE : ESCAPES_OUTSIDE).indexOf(e) < 0) {
                    throw refuse(p, i, "the escape \\" + e + (Character.isDigit(e) ? " (backreferences are not supported)" : ""));
                }
                if (e == 'x') {
                    if (next + 3 > p.length() || !isHex(p.charAt(next + 1)) || !isHex(p.charAt(next + 2))) {
                        throw refuse(p, i, "\\x not followed by two hex digits (write bytes as \\xHH)");
                    }
                    out.append(p, i, next + 3);
                    i = next + 3;
                    continue;
                }
                out.append('\\').append(e);
                i = next + 1;
                continue;
            }
            if (inClass) {
                if (cp == ']' && i > classStart) {
                    inClass = false;
                    out.append(']');
                } else if (cp == '[') {
                    throw refuse(p, i, "'[' inside a character class (nested and POSIX classes differ between engines; escape it as \\[)");
                } else if (cp == '&' && next < p.length() && p.charAt(next) == '&') {
                    throw refuse(p, i, "'&&' inside a character class");
                } else if (cp >= 128) {
                    throw refuse(p, i, "a non-ASCII character inside [...] (use alternation such as (é|è))");
                } else {
                    appendChar(out, cp);
                }
                i = next;
                continue;
            }
            switch (cp) {
                case '[' -> {
                    inClass = true;
                    out.append('[');
                    classStart = next;
                    if (next < p.length() && p.charAt(next) == '^') {
                        out.append('^');
                        next++;
                        classStart = next;
                    }
                    if (next < p.length() && p.charAt(next) == ']') { // a leading ']' is literal
                        out.append("\\]");
                        next++;
                    }
                }
                case '(' -> {
                    if (next < p.length() && p.charAt(next) == '?') {
                        int j = next + 1;
                        while (j < p.length() && (p.charAt(j) == 'i' || p.charAt(j) == '-')) {
                            j++;
                        }
                        if (j >= p.length() || (p.charAt(j) != ':' && p.charAt(j) != ')')) {
                            throw refuse(p, i, "the group '" + p.substring(i, Math.min(p.length(), j + 1))
                                    + "' (lookaround, named and atomic groups are not supported; (?:...) and (?i) are)");
                        }
                        out.append(p, i, j + 1);
                        next = j + 1;
                    } else {
                        out.append('(');
                    }
                }
                case '*', '+', '?', '}' -> {
                    out.appendCodePoint(cp);
                    if (next < p.length() && p.charAt(next) == '+') {
                        throw refuse(p, next, "a possessive quantifier");
                    }
                }
                default -> appendChar(out, cp);
            }
            i = next;
        }
        return out.toString();
    }

    private static void appendChar(StringBuilder out, int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            out.appendCodePoint(cp);
        } else {
            appendBytes(out, cp);
        }
    }

    /** A character as its UTF-8 bytes, grouped so a quantifier after it applies to all of them. */
    private static void appendBytes(StringBuilder out, int cp) {
        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 1) {
            out.append("(?:");
        }
        for (byte b : bytes) {
            out.append(String.format("\\x%02X", b & 0xff));
        }
        if (bytes.length > 1) {
            out.append(')');
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static ToolException refuse(String pattern, int index, String what) {
        return new ToolException("Argument 'pattern' uses " + what + " at character " + index + " of '" + Args.echo(pattern)
                + "'; search_files supports the regex core common to rg, grep -P and Java. Use literal: true for plain text.");
    }
}
