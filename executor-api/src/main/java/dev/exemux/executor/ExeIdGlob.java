package dev.exemux.executor;

import java.util.regex.Pattern;

/**
 * A glob over exe_ids ({@code build-*}): {@code *} is any run of characters, {@code ?} one character,
 * everything else literal. The one glob dialect of exemux (operator allow-list, tool arguments).
 */
public final class ExeIdGlob {

    private final String glob;
    private final Pattern pattern;

    private ExeIdGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(regex(glob));
    }

    public static ExeIdGlob of(String glob) {
        return new ExeIdGlob(glob);
    }

    /** True when {@code text} holds a wildcard, i.e. names a set of exe_ids rather than one. */
    public static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    public boolean matches(String exeId) {
        return exeId != null && pattern.matcher(exeId).matches();
    }

    @Override
    public String toString() {
        return glob;
    }

    /** The glob as a regular expression (a non-capturing group). */
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
