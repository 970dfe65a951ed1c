package dev.exemux.tools.search;

import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A glob on file names: {@code *} and {@code ?} (never across '/'), {@code **} (across '/'),
 * {@code [abc]} / {@code [!abc]}, {@code {a,b}}. Without a '/' it matches a file's name, with one its
 * path relative to the searched directory. exemux applies it to whatever an engine reports; the
 * engines get {@link #namePatterns()} (braces expanded) to narrow their own walk where they can.
 */
final class NameGlob {

    private final String glob;
    private final Pattern regex;
    private final boolean onPath;

    private NameGlob(String glob) {
        this.glob = glob;
        this.onPath = glob.contains("/");
        try {
            this.regex = Pattern.compile(toRegex(glob), Pattern.DOTALL);
        } catch (RuntimeException e) {
            throw new ToolException("Argument 'glob' is not a valid glob: '" + Args.echo(glob) + "' (" + e.getMessage().lines().findFirst().orElse("") + ").");
        }
    }

    static NameGlob of(String glob) {
        if (glob.isEmpty()) {
            throw new ToolException("Argument 'glob' must not be empty; leave it out to search every file.");
        }
        return new NameGlob(glob);
    }

    /** Whether the file at {@code relativePath} (no leading './') matches. */
    boolean matches(String relativePath) {
        String subject = onPath ? relativePath : relativePath.substring(relativePath.lastIndexOf('/') + 1);
        return regex.matcher(subject).matches();
    }

    /** The name-only forms an engine can pre-filter with (find -name, rg types); empty when the glob is on paths. */
    List<String> namePatterns() {
        return onPath ? List.of() : expandBraces(glob);
    }

    static List<String> expandBraces(String glob) {
        int open = glob.indexOf('{');
        int close = open < 0 ? -1 : glob.indexOf('}', open);
        if (open < 0 || close < 0) {
            return List.of(glob);
        }
        List<String> out = new ArrayList<>();
        for (String alternative : glob.substring(open + 1, close).split(",", -1)) {
            out.addAll(expandBraces(glob.substring(0, open) + alternative + glob.substring(close + 1)));
        }
        return out;
    }

    private static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') { // "**/" also matches no directory
                            i++;
                            out.append("(?:.*/)?");
                        } else {
                            out.append(".*");
                        }
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed '['");
                    }
                    String body = glob.substring(i + 1, end);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    out.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    out.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        out.append("\\}");
                    } else {
                        braces--;
                        out.append(')');
                    }
                }
                case ',' -> out.append(braces > 0 ? "|" : ",");
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("unclosed '{'");
        }
        return out.toString();
    }
}
