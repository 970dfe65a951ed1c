package dev.exemux.tools.process;

import dev.exemux.executor.Await;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code write_stdin}: types into a tty session, then returns what it printed in reply. */
final class WriteStdinTool extends ProcessTool {

    WriteStdinTool(SessionRegistry registry) {
        super(new ToolDefinition("write_stdin", "Type into a terminal session",
                "Sends input to a session started with tty: true (keystrokes: \"\\n\" is Enter, \"\\u0003\" Ctrl-C,"
                        + " \"\\u0004\" Ctrl-D ends input), then waits up to yield_ms for the reply: returns once output has"
                        + " arrived and gone quiet, or the process ended. Send an empty input to just wait for output.",
                sessionInput()
                        .required("input", Schema.string("Text to type; may be empty."))
                        .optional("yield_ms", yieldSchema("How long to wait for the reply."))
                        .optional("max_output_chars", maxOutputCharsSchema())
                        .closed()
                        .build(),
                OutputReport.SCHEMA, false, true, false), registry);
    }

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        String exeId = args.exeId("exe_id");
        String sessionId = sessionId(args);
        String input = args.requiredString("input");
        long yieldMs = yieldMs(args);
        int maxChars = maxOutputChars(args);
        ProcessSession session = registry.get(exeId, sessionId);
        if (!session.tty()) {
            throw new ToolException("Session " + sessionId + " was started without tty, so its stdin is closed (an executor"
                    + " cannot signal end-of-input on a pipe, so exemux never leaves one open). Pass the input as"
                    + " exec_command's `stdin` argument instead (it is delivered followed by end-of-input), or start an"
                    + " interactive session with exec_command {tty: true} and type into it with write_stdin.");
        }
        if (session.ended()) {
            ProcessSession.Status status = session.status();
            throw new ToolException("Session " + sessionId + " already ended (exit code " + status.exitCode()
                    + "), so nothing reads the input. Call read_output for its remaining output.");
        }
        if (!input.isEmpty()) {
            Await.result(session.write(input.getBytes(StandardCharsets.UTF_8)), ctx.remaining(), exeId,
                    "Writing to session " + sessionId);
        }
        String note = TerminalInput.longLineNote(input);
        return awaitOutput(session, yieldMs, maxChars, ctx, note == null ? List.of() : List.of(note));
    }
}
