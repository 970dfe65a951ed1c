package dev.exemux.executor;

import java.util.regex.Pattern;

/**
 * The one glob syntax for exe_ids (operator allow-lists, {@code list_executors}' pattern, exe_id lists):
 * {@code *} any run of characters, {@code ?} one character, everything else literal; whole-id match.
 */
public final class ExeIdGlob {

    private final Pattern pattern;

    private ExeIdGlob(Pattern pattern) {
        this.pattern = pattern;
    }

    public static ExeIdGlob of(String glob) {
        return new ExeIdGlob(Pattern.compile(regex(glob)));
    }

    /** True when {@code s} holds a glob character, i.e. is a pattern rather than one exe_id. */
    public static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    public boolean matches(String exeId) {
        return exeId != null && pattern.matcher(exeId).matches();
    }

    /** {@code glob} as a regular expression group, for combining several. */
    public static String regex(String glob) {
        StringBuilder r = new StringBuilder("(?:");
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    r.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                r.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            r.append(Pattern.quote(literal.toString()));
        }
        return r.append(')').toString();
    }
}
