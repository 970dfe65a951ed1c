package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What the process tools share: the arguments they have in common, and how a call waits (bounded by
 * yield_ms and the call's own deadline, with progress about once a second).
 */
abstract class ProcessTool extends AbstractTool {

    static final long DEFAULT_YIELD_MS = 10_000;
    /** MCP clients give up on a call after about 60 s: a call must hand back a session well before. */
    static final long MAX_YIELD_MS = 50_000;
    static final int DEFAULT_MAX_OUTPUT_CHARS = 30_000;
    static final int MIN_OUTPUT_CHARS = 200;
    static final int MAX_OUTPUT_CHARS = 200_000;
    /** Time kept back from the call's deadline to build and send the result. */
    private static final long RESULT_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** A string with no description of its own, where the enclosing property says it all (tools/list stays small). */
    static final ObjectNode TERSE_STRING = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "string");

    private static final Pattern SESSION_ID = Pattern.compile("s[0-9]{1,18}");

    final SessionRegistry registry;

    ProcessTool(ToolDefinition definition, SessionRegistry registry) {
        super(definition);
        this.registry = registry;
    }

    // ---- shared arguments

    /** An input schema starting with the two arguments that name a session. */
    static Schema sessionInput() {
        return Schema.object()
                .required("exe_id", Schema.exeId())
                .required("session_id", sessionIdSchema());
    }

    private static ObjectNode sessionIdSchema() {
        return Schema.string("The session id an exec_command result returned (e.g. \"s3\").");
    }

    static ObjectNode yieldSchema(String what) {
        return Schema.integer(what + " Default " + DEFAULT_YIELD_MS + ", at most " + MAX_YIELD_MS + ".", 0, MAX_YIELD_MS);
    }

    static ObjectNode maxOutputCharsSchema() {
        return Schema.integer("Characters kept per stream (default " + DEFAULT_MAX_OUTPUT_CHARS + "); beyond it the head and"
                + " the tail are kept with a marker saying how many bytes were omitted.", MIN_OUTPUT_CHARS, MAX_OUTPUT_CHARS);
    }

    static String sessionId(Args args) {
        String sessionId = args.requiredNonEmpty("session_id");
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new ToolException("Invalid argument 'session_id': session ids look like \"s3\" and come from"
                    + " exec_command results; list_sessions shows them all.");
        }
        return sessionId;
    }

    static long yieldMs(Args args) {
        return args.optionalLong("yield_ms", DEFAULT_YIELD_MS, 0, MAX_YIELD_MS);
    }

    static int maxOutputChars(Args args) {
        return args.optionalInt("max_output_chars", DEFAULT_MAX_OUTPUT_CHARS, MIN_OUTPUT_CHARS, MAX_OUTPUT_CHARS);
    }

    // ---- waiting

    /** When a wait of {@code yieldMs} must end: never later than the call's own deadline allows. */
    static long waitDeadline(ToolContext ctx, long yieldMs) {
        long budget = Math.max(0, ctx.remaining().toNanos() - RESULT_MARGIN_NANOS);
        return System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(yieldMs), budget);
    }

    /** Waits up to {@code yieldMs} as {@link ProcessSession#collect} does, then reports everything since the last read. */
    static ToolResult awaitOutput(ProcessSession session, long yieldMs, int maxChars, ToolContext ctx) {
        return awaitOutput(session, yieldMs, maxChars, ctx, java.util.List.of());
    }

    static ToolResult awaitOutput(ProcessSession session, long yieldMs, int maxChars, ToolContext ctx, java.util.List<String> notes) {
        session.resize(maxChars);
        ctx.onCancel(session::wake);
        session.collect(waitDeadline(ctx, yieldMs), ctx, progress(ctx, session));
        return OutputReport.of(session.read(maxChars), notes);
    }

    /** Progress for a client that asked for it: seconds elapsed, and how much output so far. */
    static Runnable progress(ToolContext ctx, ProcessSession session) {
        return () -> {
            try {
                long ms = session.elapsedMs();
                ctx.progress(ms / 1000.0, null, "session " + session.id() + " on '" + session.exeId() + "' running for "
                        + OutputReport.duration(ms) + ", " + session.totalBytes() + " bytes of output so far");
            } catch (RuntimeException ignored) {
                // Progress is a courtesy; it never breaks the wait.
            }
        };
    }
}
