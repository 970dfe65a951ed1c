package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolResult;
import java.util.Locale;

/**
 * The result of exec_command, read_output and write_stdin: text written for a model plus structured
 * content that always has every field of {@link #SCHEMA} (absent values are null).
 */
final class OutputReport {

    static final String[] STATES = {"running", "exited", "killed", "timed_out", "lost", "unknown"};

    static final ObjectNode SCHEMA = Schema.object()
            .required("exe_id", Schema.string("The executor the session runs on."))
            .required("session_id", Schema.string("Session id for read_output, write_stdin and kill_process."))
            .required("state", Schema.enumOf("running; exited (on its own); killed (kill_process or cancellation);"
                    + " timed_out (killed at timeout_ms); lost (exemux lost track of it); unknown (the executor stopped"
                    + " answering: it may have ended or still run; read_output once it is back).", STATES))
            .required("exit_code", Schema.nullable(Schema.integer("Exit status once the process ended, else null.")))
            .required("duration_ms", Schema.integer("Run time so far, or until the end."))
            .required("tty", Schema.bool("Runs in a terminal: stdout holds the terminal's merged output."))
            .required("stdout", Schema.string("New standard output since the last read (head and tail kept)."))
            .required("stderr", Schema.string("New standard error since the last read (head and tail kept)."))
            .required("stdout_bytes", Schema.integer("Bytes written to stdout in this window."))
            .required("stderr_bytes", Schema.integer("Bytes written to stderr in this window."))
            .required("stdout_omitted_bytes", Schema.integer("Bytes of stdout left out in the middle."))
            .required("stderr_omitted_bytes", Schema.integer("Bytes of stderr left out in the middle."))
            .required("invalid_utf8_bytes", Schema.integer("Bytes that were not UTF-8, shown as U+FFFD."))
            .required("failure", Schema.nullable(Schema.string("Why exemux lost track of the process or cannot see it now, else null.")))
            .build();

    private OutputReport() {}

    static ToolResult of(ProcessSession.Snapshot s) {
        return of(s, java.util.List.of());
    }

    /** With {@code notes} (how the command ran, what happened to its input) at the end of the text. */
    static ToolResult of(ProcessSession.Snapshot s, java.util.List<String> notes) {
        StringBuilder text = new StringBuilder(text(s));
        notes.forEach(n -> newLine(text).append('(').append(n).append(')'));
        return ToolResult.ok(text.toString(), json(s));
    }

    /** The structured content of one read: every field of {@link #SCHEMA}. */
    static ObjectNode json(ProcessSession.Snapshot s) {
        ProcessSession session = s.session();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("exe_id", session.exeId());
        json.put("session_id", session.id());
        json.put("state", s.state().wireName());
        json.put("exit_code", s.exitCode()); // Jackson writes a null Integer or String as JSON null
        json.put("duration_ms", s.durationMs());
        json.put("tty", session.tty());
        json.put("stdout", s.stdout().text());
        json.put("stderr", s.stderr().text());
        json.put("stdout_bytes", s.stdout().bytes());
        json.put("stderr_bytes", s.stderr().bytes());
        json.put("stdout_omitted_bytes", s.stdout().omittedBytes());
        json.put("stderr_omitted_bytes", s.stderr().omittedBytes());
        json.put("invalid_utf8_bytes", s.stdout().invalidBytes() + s.stderr().invalidBytes());
        json.put("failure", s.state() == ProcessSession.State.UNKNOWN ? silence(s) : s.failure());
        return json;
    }

    /** The text of one read: headline, then the new output per stream. */
    static String text(ProcessSession.Snapshot s) {
        ProcessSession session = s.session();
        StringBuilder out = new StringBuilder(headline(s));
        boolean any = section(out, session.tty() ? "terminal" : "stdout", s.stdout());
        any |= section(out, "stderr", s.stderr());
        if (!any) {
            newLine(out).append(session.totalBytes() > 0 || s.exitCode() == null && s.state() != ProcessSession.State.LOST
                    ? "(no new output)" : "(no output)");
        }
        note(out, "stdout", s.stdout());
        note(out, "stderr", s.stderr());
        if (s.lostChunks() > 0) {
            newLine(out).append("(note: ").append(s.lostChunks())
                    .append(" chunks of output were lost: the executor no longer retained them when exemux reconnected)");
        }
        return out.toString();
    }

    private static String headline(ProcessSession.Snapshot s) {
        ProcessSession session = s.session();
        String took = duration(s.durationMs());
        return switch (s.state()) {
            case RUNNING -> "still running as session " + session.id() + " (" + took + " so far, exe_id '" + session.exeId()
                    + "'); call read_output to wait for more output or the exit"
                    + (session.tty() ? ", write_stdin to type into it (\"\\u0004\" = Ctrl-D ends input)" : "")
                    + ", or kill_process to stop it";
            case EXITED -> "exit code " + s.exitCode() + " in " + took;
            case TIMED_OUT -> "killed by the timeout (timeout_ms " + session.timeoutMs() + ") after " + took
                    + " (exit code " + s.exitCode() + ")";
            case KILLED -> "killed by " + (session.stopCause() == ProcessSession.StopCause.CANCELLED ? "cancellation" : "kill_process")
                    + " after " + took + " (exit code " + s.exitCode() + ")";
            case LOST -> "lost track of the process after " + took + ": " + s.failure();
            case UNKNOWN -> "state unknown (session " + session.id() + ", " + took + " since it started): " + silence(s)
                    + " Call read_output on the session once the executor answers again; exemux keeps reconnecting and then"
                    + " delivers the output and exit code it missed";
        };
    }

    private static String silence(ProcessSession.Snapshot s) {
        return "executor '" + s.session().exeId() + "' has not answered for " + duration(s.silentMs())
                + ", so exemux cannot see whether the process still runs or has ended.";
    }

    private static boolean section(StringBuilder out, String name, OutputText text) {
        if (text.bytes() == 0) {
            return false;
        }
        newLine(out).append("--- ").append(name).append(" ---\n").append(text.text());
        return true;
    }

    /** Starts a new line unless the text already ends with one. */
    private static StringBuilder newLine(StringBuilder out) {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n' ? out : out.append('\n');
    }

    private static void note(StringBuilder out, String name, OutputText text) {
        if (text.invalidBytes() > 0) {
            newLine(out).append("(note: ").append(text.invalidBytes()).append(" bytes of ").append(name)
                    .append(" were not valid UTF-8 and are shown as \uFFFD)");
        }
    }

    static String duration(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
