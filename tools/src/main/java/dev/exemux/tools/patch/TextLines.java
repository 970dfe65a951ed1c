package dev.exemux.tools.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * A text as lines, each with the line ending it had ({@code "\n"}, {@code "\r\n"}, or {@code ""} for a
 * last line without one), so that a change can keep every untouched byte.
 */
public record TextLines(List<String> lines, List<String> endings) {

    public static TextLines of(String text) {
        List<String> lines = new ArrayList<>();
        List<String> endings = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                lines.add(text.substring(start));
                endings.add("");
                break;
            }
            boolean crlf = nl > start && text.charAt(nl - 1) == '\r';
            lines.add(text.substring(start, crlf ? nl - 1 : nl));
            endings.add(crlf ? "\r\n" : "\n");
            start = nl + 1;
        }
        return new TextLines(lines, endings);
    }

    public int size() {
        return lines.size();
    }

    /** The ending most lines have ({@code "\r\n"} only when CRLF lines outnumber LF ones), for lines a change adds. */
    public String dominantEnding() {
        int crlf = 0;
        int lf = 0;
        for (String e : endings) {
            if (e.equals("\r\n")) {
                crlf++;
            } else if (e.equals("\n")) {
                lf++;
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /** True when the text does not end with a line break (and is not empty). */
    public boolean lacksFinalEnding() {
        return !endings.isEmpty() && endings.get(endings.size() - 1).isEmpty();
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(lines.get(i)).append(endings.get(i));
        }
        return b.toString();
    }
}
