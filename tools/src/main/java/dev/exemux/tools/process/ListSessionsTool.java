package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.util.List;

/** {@code list_sessions}: the sessions exemux knows, running and recently ended. */
final class ListSessionsTool extends ProcessTool {

    /** Long commands are cut in the listing; the model wrote them and does not need them back whole. */
    private static final int COMMAND_CHARS = 200;

    ListSessionsTool(SessionRegistry registry) {
        super(new ToolDefinition("list_sessions", "List process sessions",
                "Lists the sessions started by exec_command that are still known: running ones, and ended ones until"
                        + " they are collected a few minutes after their exit was reported. Optionally only on one exe_id.",
                Schema.object()
                        .optional("exe_id", Schema.string("Only sessions on this executor."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("sessions", Schema.arrayOf("Oldest first.", Schema.object()
                                .required("session_id", Schema.string("Session id."))
                                .required("exe_id", Schema.string("Executor it runs on."))
                                .required("command", Schema.string("The command as given (cut if long)."))
                                .required("state", Schema.enumOf("Its state.", OutputReport.STATES))
                                .required("exit_code", Schema.nullable(Schema.integer("Exit status once ended, else null.")))
                                .required("tty", Schema.bool("Runs in a terminal (write_stdin works)."))
                                .required("started", Schema.string("Start time, ISO-8601 UTC."))
                                .required("duration_ms", Schema.integer("Run time so far, or until the end."))
                                .build()))
                        .build(),
                true, false, true), registry);
    }

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        String exeId = args.has("exe_id") ? args.exeId("exe_id") : null;
        registry.collect();
        List<ProcessSession> sessions = registry.list(exeId);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode items = json.putArray("sessions");
        StringBuilder text = new StringBuilder();
        text.append(sessions.isEmpty() ? "no sessions" + (exeId == null ? "" : " on '" + exeId + "'")
                : sessions.size() + " session" + (sessions.size() == 1 ? "" : "s") + (exeId == null ? "" : " on '" + exeId + "'") + ":");
        for (ProcessSession s : sessions) {
            ProcessSession.Status status = s.status();
            String command = s.command().length() > COMMAND_CHARS ? s.command().substring(0, COMMAND_CHARS) + "…" : s.command();
            items.addObject()
                    .put("session_id", s.id())
                    .put("exe_id", s.exeId())
                    .put("command", command)
                    .put("state", status.state().wireName())
                    .put("exit_code", status.exitCode()) // null while running
                    .put("tty", s.tty())
                    .put("started", s.startedAt().toString())
                    .put("duration_ms", status.durationMs());
            text.append("\n").append(s.id()).append(" on '").append(s.exeId()).append("': ").append(status.state().wireName())
                    .append(status.exitCode() == null ? "" : " (exit code " + status.exitCode() + ")")
                    .append(", ").append(OutputReport.duration(status.durationMs()))
                    .append(s.tty() ? ", tty" : "").append(": ").append(command);
        }
        return ToolResult.ok(text.toString(), json);
    }
}
