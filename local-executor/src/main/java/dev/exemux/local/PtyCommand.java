package dev.exemux.local;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a command under a pseudo-terminal with util-linux {@code script}: the JDK has no pty API, and
 * {@code script -e} reports the command's own exit code. {@code script} hands the command line to
 * {@code $SHELL -c}; {@code exec} makes the command itself the terminal's process, not a shell around it.
 */
final class PtyCommand {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private PtyCommand() {}

    /** The size a remote executor's terminal has; {@code script} without a terminal of its own would leave it 0x0. */
    static final int ROWS = 24;
    static final int COLUMNS = 80;

    static List<String> wrap(List<String> argv) {
        return List.of("script", "-qfec", "stty rows " + ROWS + " cols " + COLUMNS + " 2>/dev/null; exec " + shellQuote(argv),
                "/dev/null");
    }

    static String shellQuote(List<String> argv) {
        return argv.stream().map(PtyCommand::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
