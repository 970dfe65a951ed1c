package dev.exemux.tools.process;

import java.nio.charset.StandardCharsets;

/**
 * What a terminal does to typed input that a model would not expect. In line (canonical) mode, the
 * mode a shell's {@code read}, {@code cat} or {@code wc} get, Linux keeps at most 4,095 bytes of a line
 * and silently drops the rest until the newline. Whether a program put its terminal in that mode is not
 * visible from here, so a long line gets a note instead of a guess.
 */
final class TerminalInput {

    /** Linux's N_TTY_BUF_SIZE less the newline. */
    static final int MAX_LINE_BYTES = 4095;

    private TerminalInput() {}

    /** A note when {@code input} has a line longer than the terminal keeps, else null. */
    static String longLineNote(String input) {
        int longest = 0;
        for (String line : input.split("[\\r\\n]", -1)) {
            longest = Math.max(longest, line.getBytes(StandardCharsets.UTF_8).length);
        }
        if (longest <= MAX_LINE_BYTES) {
            return null;
        }
        return "note: the input has a line of " + longest + " bytes; a terminal in line mode keeps only the first " + MAX_LINE_BYTES
                + " bytes of a line, so a program reading lines may have got it cut. Pass long input as exec_command's"
                + " stdin without tty, or write it to a file";
    }
}
