package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Await;
import dev.exemux.executor.UnsupportedByExecutorException;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;

/** {@code kill_process}: interrupts (SIGINT) or terminates a session's process and reports how it ended. */
final class KillProcessTool extends ProcessTool {

    /** How long to wait for the process to go after the signal, so the result can say it did. */
    private static final long SETTLE_MS = 3_000;

    KillProcessTool(SessionRegistry registry) {
        super(new ToolDefinition("kill_process", "Stop a session's process",
                "Stops a session's process group: signal \"terminate\" (default) kills it, also what an ended command"
                        + " left running in the background; \"interrupt\" sends SIGINT (like Ctrl-C) so it can clean up."
                        + " Waits briefly and reports whether it ended. Its remaining output stays readable with read_output.",
                sessionInput()
                        .optional("signal", Schema.enumOf("terminate (default) or interrupt.", "terminate", "interrupt"))
                        .closed()
                        .build(),
                Schema.object()
                        .required("exe_id", Schema.string("The executor the session runs on."))
                        .required("session_id", Schema.string("The session."))
                        .required("signal", Schema.enumOf("The signal sent.", "terminate", "interrupt"))
                        .required("state", Schema.enumOf("The session's state after the signal.", OutputReport.STATES))
                        .required("exit_code", Schema.nullable(Schema.integer("Exit status if it ended, else null.")))
                        .build(),
                false, true, true), registry);
    }

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        String exeId = args.exeId("exe_id");
        String sessionId = sessionId(args);
        String signal = args.optionalEnum("signal", "terminate", "terminate", "interrupt");
        ProcessSession session = registry.get(exeId, sessionId);
        if (session.ended() && session.status().state() == ProcessSession.State.LOST) {
            // exemux cannot signal a process whose exec-server session is gone; it may well still run.
            return result(session, signal, session.status(), "session " + sessionId + " was lost: exemux can no longer"
                    + " reach its process, which may still be running on '" + exeId + "', so nothing was signalled. To stop it,"
                    + " find it with exec_command (e.g. ps -eo pid,pgid,etime,args) and kill its process group.");
        }
        if (session.ended()) {
            ProcessSession.Status status = session.status();
            String stopped = "";
            if (signal.equals("terminate")) {
                Await.result(session.stopLeftovers(), ctx.remaining(), exeId, "Stopping what session " + sessionId + " left running");
                stopped = "; whatever it left running in the background was stopped";
            }
            return result(session, signal, status, "session " + sessionId + " had already ended (" + status.state().wireName()
                    + ", exit code " + status.exitCode() + ")" + (stopped.isEmpty() ? "; nothing to stop" : stopped));
        }
        if (signal.equals("interrupt")) {
            try {
                Await.result(session.interrupt(), ctx.remaining(), exeId, "Interrupting session " + sessionId);
            } catch (UnsupportedByExecutorException e) {
                throw new ToolException(e.getMessage() + " Use signal \"terminate\" to stop the process instead.");
            }
        } else {
            Await.result(session.stop(ProcessSession.StopCause.KILL_PROCESS), ctx.remaining(), exeId,
                    "Terminating session " + sessionId);
        }
        ctx.onCancel(session::wake);
        session.await(ProcessSession.Until.EXIT, 0, waitDeadline(ctx, SETTLE_MS), ctx, () -> { });
        ProcessSession.Status status = session.status();
        String verb = signal.equals("interrupt") ? "sent interrupt (SIGINT) to" : "terminated";
        String outcome = status.exitCode() == null
                ? "; it is still running after " + OutputReport.duration(SETTLE_MS)
                        + (signal.equals("interrupt") ? " (kill_process with signal \"terminate\" kills it)" : "")
                : "; it ended with exit code " + status.exitCode();
        return result(session, signal, status, verb + " session " + sessionId + outcome
                + ". read_output returns its remaining output.");
    }

    private static ToolResult result(ProcessSession session, String signal, ProcessSession.Status status, String text) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("exe_id", session.exeId())
                .put("session_id", session.id())
                .put("signal", signal)
                .put("state", status.state().wireName())
                .put("exit_code", status.exitCode()); // null while it still runs
        return ToolResult.ok(text, json);
    }
}
