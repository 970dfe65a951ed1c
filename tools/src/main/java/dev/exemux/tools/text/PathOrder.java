package dev.exemux.tools.text;

import java.util.Comparator;

/**
 * Orders relative paths the way a sorted directory walk visits them: "a", "a/b", "a-b" (a
 * directory's entries right after it, as if '/' sorted before every other character).
 */
public final class PathOrder {

    public static final Comparator<String> COMPARATOR = (x, y) -> {
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            char a = x.charAt(i) == '/' ? '\0' : x.charAt(i);
            char b = y.charAt(i) == '/' ? '\0' : y.charAt(i);
            if (a != b) {
                return Character.compare(a, b);
            }
        }
        return Integer.compare(x.length(), y.length());
    };

    private PathOrder() {}
}
