package dev.exemux.bridge;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The small {@code /bin/sh} script every remote command starts under, because the exec-server alone
 * cannot say when a command ended: it reports {@code process/exited} when its child exits (possibly
 * before that child's last output) and {@code process/closed} only once every holder of the output
 * pipes closed them, which a background child ({@code server &}) may never do. Its
 * {@code process/terminate} and {@code process/signal} reach the whole process group (every release
 * starts its child in a new session), but only while that child lives.
 *
 * <p>The script stays the exec-server's child (the group leader) while the command runs as its child:
 * <ol>
 *   <li>it checks the program (found, executable) and reports a failure as a token, so a missing
 *       program reads the same however the command was started;</li>
 *   <li>it opens the stdin file, if any, and unlinks it;</li>
 *   <li>it prints a start token with its pid, which is the process group id;</li>
 *   <li>it runs the command and waits ({@code trap : INT}: an interrupt sent to the group reaches the
 *       command, and the script still reports its exit status);</li>
 *   <li>it prints an end token on stdout and on stderr and exits with the command's status. Once both
 *       end tokens and {@code process/exited} arrived, everything the command itself printed has arrived
 *       (a pipe keeps order), so the command is over, whatever its background children still hold.</li>
 * </ol>
 * Tokens start with an OSC escape ({@code ESC ] exemux;<random> BEL}) that a terminal would ignore;
 * {@link LaunchedCommand} removes them from the output.
 */
final class Launcher {

    static final String SHELL = "/bin/sh";

    private static final String SCRIPT = String.join("\n",
            "m=$0 i=$1; shift",
            "fail() { printf '%sf%s;' \"$m\" \"$1\"; exit \"$2\"; }",
            "case $1 in",
            "*/*) [ -e \"$1\" ] || fail notfound 127",
            "  { [ -d \"$1\" ] || [ ! -x \"$1\" ]; } && fail denied 126 ;;",
            "*) command -v \"$1\" >/dev/null 2>&1 || fail notfound 127 ;;",
            "esac",
            "if [ -n \"$i\" ]; then [ -r \"$i\" ] || fail stdin 126; exec 0<\"$i\"; rm -f -- \"$i\"; fi",
            "trap : INT",
            "printf '%ss%s;' \"$m\" \"$$\"",
            "(exec \"$@\")",
            "c=$?",
            "printf '%se' \"$m\"; printf '%se' \"$m\" >&2",
            "exit $c");

    /** Signals a process group. */
    private static final String SIGNAL_GROUP = "kill -s \"$1\" -- \"-$0\" 2>/dev/null; exit 0";

    /**
     * Kills what is left of a group whose leader (the launcher) has exited. A live process with the
     * group's id as its pid means the id now belongs to someone else (Linux reuses an id only once its
     * group is empty): then nothing is sent.
     */
    private static final String KILL_LEFTOVERS = "[ -e \"/proc/$0\" ] || kill -s KILL -- \"-$0\" 2>/dev/null; exit 0";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Launcher() {}

    /** A marker unique to one process, so its tokens cannot be mistaken for anything it prints. */
    static byte[] newMarker() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return ("\u001b]exemux;" + HexFormat.of().formatHex(random) + "\u0007").getBytes(StandardCharsets.US_ASCII);
    }

    /** The argv that runs {@code argv} under the script, stdin read from {@code stdinFile} when not null. */
    static List<String> argv(byte[] marker, String stdinFile, List<String> argv) {
        List<String> out = new ArrayList<>(List.of(SHELL, "-c", SCRIPT, new String(marker, StandardCharsets.US_ASCII),
                stdinFile == null ? "" : stdinFile));
        out.addAll(argv);
        return out;
    }

    /** A process that sends {@code signal} (e.g. INT) to process group {@code pgid}, whose leader runs. */
    static List<String> signalGroup(long pgid, String signal) {
        return List.of(SHELL, "-c", SIGNAL_GROUP, Long.toString(pgid), signal);
    }

    /** A process that kills what is left of group {@code pgid} after its leader exited. */
    static List<String> killLeftovers(long pgid) {
        return List.of(SHELL, "-c", KILL_LEFTOVERS, Long.toString(pgid));
    }
}
