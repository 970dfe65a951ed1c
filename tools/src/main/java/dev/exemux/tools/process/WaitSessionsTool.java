package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code wait_sessions}: waits on sessions of any executors until any (or all) exited, or one's new
 * output matches a pattern, then reads every one of them through the same read as read_output.
 */
final class WaitSessionsTool extends ProcessTool {

    /** The unread output a pattern is matched against: the latest this many bytes of each stream. */
    private static final int PATTERN_WINDOW_BYTES = 64 * 1024;
    /** A pattern scan is not repeated more often than this, however fast output arrives. */
    private static final long PATTERN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final ObjectNode SESSION_SCHEMA = withMatched(OutputReport.SCHEMA);

    WaitSessionsTool(SessionRegistry registry) {
        super(new ToolDefinition("wait_sessions", "Wait for sessions",
                "Waits until any (default) or all of the sessions exited, one's new output matches pattern, or yield_ms"
                        + " passes. Returns each one's state and new output, read as read_output does (never twice).",
                Schema.object()
                        .required("sessions", Schema.arrayOf("At most " + FleetTargets.MAX_EXECUTORS + ".", Schema.object().required("exe_id", TERSE_STRING).required("session_id", TERSE_STRING)
                                .build()))
                        .optional("until", Schema.enumOf("Default any.", "any", "all"))
                        .optional("pattern", Schema.string("Regex over new output."))
                        .optional("yield_ms", Schema.integer("Default " + DEFAULT_YIELD_MS + "."))
                        .optional("max_output_chars", Schema.integer("For all output; default " + DEFAULT_MAX_OUTPUT_CHARS + "."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("reason", Schema.enumOf("Why it returned (none: no known session to wait on).", "exited", "matched",
                                "yield_ms", "none"))
                        .required("done", Schema.integer("Sessions that have ended."))
                        .required("sessions", Schema.arrayOf("Each known session's read.", SESSION_SCHEMA))
                        .required("errors", Schema.arrayOf("Sessions that could not be waited on.", Schema.object()
                                .required("exe_id", Schema.string("As given."))
                                .required("session_id", Schema.string("As given."))
                                .required("error", Schema.string("Why."))
                                .build()))
                        .build(),
                true, false, false), registry);
    }

    private record Named(String exeId, String sessionId) {}

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        List<Named> named = sessions(args);
        boolean all = "all".equals(args.optionalEnum("until", "any", "any", "all"));
        Pattern pattern = pattern(args.optionalString("pattern", null));
        long yieldMs = yieldMs(args);
        int budget = maxOutputChars(args);

        List<ProcessSession> sessions = new ArrayList<>();
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        StringBuilder errorText = new StringBuilder();
        for (Named n : named) {
            try {
                sessions.add(registry.get(n.exeId(), n.sessionId()));
            } catch (ToolException e) {
                errors.addObject().put("exe_id", n.exeId()).put("session_id", n.sessionId()).put("error", e.getMessage());
                errorText.append("\n== ").append(n.sessionId()).append(" on ").append(n.exeId()).append(": ").append(e.getMessage());
            }
        }
        Set<ProcessSession> matched = new LinkedHashSet<>();
        boolean[] exitedEnough = {false};
        try (SessionWatch watch = new SessionWatch(pattern == null ? 0 : PATTERN_RECHECK_NANOS)) {
            sessions.forEach(watch::add);
            ctx.onCancel(watch::signal);
            if (!sessions.isEmpty()) {
                watch.await(() -> {
                    long ended = sessions.stream().filter(ProcessSession::ended).count();
                    exitedEnough[0] = all ? ended == sessions.size() : ended > 0;
                    if (pattern != null) {
                        for (ProcessSession s : sessions) {
                            if (!matched.contains(s) && pattern.matcher(s.peekText(PATTERN_WINDOW_BYTES)).find()) {
                                matched.add(s);
                            }
                        }
                    }
                    return exitedEnough[0] || !matched.isEmpty();
                }, waitDeadline(ctx, yieldMs), ctx, progress(ctx, sessions));
            }
        }
        if (ctx.isCancelled()) {
            return ToolResult.error("wait_sessions was cancelled; nothing was read, the sessions keep running.");
        }
        return report(sessions, matched, exitedEnough[0], errors, errorText, budget, pattern);
    }

    private static ToolResult report(List<ProcessSession> sessions, Set<ProcessSession> matched, boolean exited,
                                     ArrayNode errors, StringBuilder errorText, int budget, Pattern pattern) {
        List<ProcessSession.Drained> reads = sessions.stream().map(ProcessSession::drain).toList();
        // Each stream of each session gets a fair share of the budget; small outputs are shown whole.
        int[] needs = new int[reads.size() * 2];
        for (int i = 0; i < reads.size(); i++) {
            needs[2 * i] = chars(reads.get(i).stdout());
            needs[2 * i + 1] = chars(reads.get(i).stderr());
        }
        int[] shares = FleetReport.waterFill(needs, budget);
        long done = reads.stream().filter(r -> r.state() != ProcessSession.State.RUNNING).count();
        String reason = sessions.isEmpty() ? "none" : exited ? "exited" : !matched.isEmpty() ? "matched" : "yield_ms";
        StringBuilder text = new StringBuilder(done + " of " + sessions.size() + " session" + (sessions.size() == 1 ? "" : "s")
                + " done");
        if (!matched.isEmpty()) {
            text.append("; /").append(pattern.pattern()).append("/ matched the output of ")
                    .append(String.join(", ", matched.stream().map(s -> s.id() + " on " + s.exeId()).toList()));
        } else if (!exited && !sessions.isEmpty()) {
            text.append("; yield_ms passed");
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("reason", reason).put("done", done);
        ArrayNode items = json.putArray("sessions");
        for (int i = 0; i < reads.size(); i++) {
            ProcessSession.Drained d = reads.get(i);
            ProcessSession.Snapshot snapshot = d.render(Math.max(shares[2 * i], 1), Math.max(shares[2 * i + 1], 1));
            text.append("\n== ").append(d.session().id()).append(" on ").append(d.session().exeId())
                    .append(matched.contains(d.session()) ? " (matched)" : "").append(": ").append(OutputReport.text(snapshot));
            items.add(OutputReport.json(snapshot).put("matched", matched.contains(d.session())));
        }
        text.append(errorText);
        json.set("errors", errors);
        return ToolResult.ok(text.toString(), json);
    }

    private static int chars(HeadTailBuffer.Captured c) {
        return c.totalBytes() == 0 ? 0 : OutputText.render(c, Integer.MAX_VALUE / 4, false).text().length();
    }

    private static List<Named> sessions(Args args) {
        JsonNode list = args.raw("sessions");
        if (list == null || list.isNull()) {
            throw new ToolException("Missing required argument 'sessions': [{\"exe_id\": …, \"session_id\": …}, …].");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new ToolException("Argument 'sessions' must be a non-empty array of {exe_id, session_id} objects.");
        }
        if (list.size() > FleetTargets.MAX_EXECUTORS) {
            throw new ToolException("Argument 'sessions' names " + list.size() + " sessions; at most "
                    + FleetTargets.MAX_EXECUTORS + " per call.");
        }
        Set<Named> out = new LinkedHashSet<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw new ToolException("Argument 'sessions' must contain only {exe_id, session_id} objects.");
            }
            item.fieldNames().forEachRemaining(f -> {
                if (!f.equals("exe_id") && !f.equals("session_id")) {
                    throw new ToolException("Unknown field '" + Args.echo(f) + "' in 'sessions'; each takes exe_id and session_id.");
                }
            });
            Args one = new Args((ObjectNode) item);
            out.add(new Named(one.exeId("exe_id"), sessionId(one)));
        }
        return List.copyOf(out);
    }

    private static Pattern pattern(String regex) {
        if (regex == null) {
            return null;
        }
        if (regex.isEmpty()) {
            throw new ToolException("Argument 'pattern' must not be empty.");
        }
        try {
            return Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new ToolException("Argument 'pattern' is not a valid regular expression: "
                    + Args.echo(e.getDescription()) + " near index " + e.getIndex() + ".");
        }
    }

    private static Runnable progress(ToolContext ctx, List<ProcessSession> sessions) {
        return () -> {
            try {
                long ended = sessions.stream().filter(ProcessSession::ended).count();
                ctx.progress(ended, (double) sessions.size(), ended + " of " + sessions.size() + " sessions done");
            } catch (RuntimeException ignored) {
                // Progress is a courtesy; it never breaks the wait.
            }
        };
    }

    private static ObjectNode withMatched(ObjectNode report) {
        ObjectNode copy = report.deepCopy();
        ((ObjectNode) copy.get("properties")).set("matched", Schema.bool("Its new output matched `pattern`."));
        ((ArrayNode) copy.get("required")).add("matched");
        return copy;
    }
}
