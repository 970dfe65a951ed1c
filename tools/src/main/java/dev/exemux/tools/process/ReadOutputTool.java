package dev.exemux.tools.process;

import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;

/** {@code read_output}: new output of a session since the last read, waiting for some (or the exit) up to yield_ms. */
final class ReadOutputTool extends ProcessTool {

    ReadOutputTool(SessionRegistry registry) {
        super(new ToolDefinition("read_output", "Read a session's output",
                "Returns the output a session produced since the last read, and its exit code once it ended. If there is"
                        + " nothing new yet, waits up to yield_ms and returns as soon as output arrives or the process ends."
                        + " An ended session stays readable for a few minutes after its exit was reported.",
                sessionInput()
                        .optional("yield_ms", yieldSchema("How long to wait for new output or the exit."))
                        .optional("max_output_chars", maxOutputCharsSchema())
                        .closed()
                        .build(),
                OutputReport.SCHEMA, true, false, false), registry);
    }

    @Override
    protected ToolResult run(Args args, ToolContext ctx) {
        String exeId = args.exeId("exe_id");
        String sessionId = sessionId(args);
        long yieldMs = yieldMs(args);
        int maxChars = maxOutputChars(args);
        return awaitOutput(registry.get(exeId, sessionId), 0, yieldMs, maxChars, ctx);
    }
}
