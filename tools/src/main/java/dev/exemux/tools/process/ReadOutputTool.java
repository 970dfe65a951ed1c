package dev.exemux.tools.process;

import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;

/** {@code read_output}: a session's output since the last read, collected as exec_command collects it. */
final class ReadOutputTool extends ProcessTool {

    ReadOutputTool(SessionRegistry registry) {
        super(new ToolDefinition("read_output", "Read a session's output",
                "Returns a session's output since the last read, waiting like exec_command: until the process ends or"
                        + " yield_ms passes (tty: until output arrived and went quiet); then its exit code once it ended."
                        + " An ended session stays readable for a few minutes after its exit was reported.",
                sessionInput()
                        .optional("yield_ms", yieldSchema("How long to wait for the exit."))
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
        return awaitOutput(registry.get(exeId, sessionId), yieldMs, maxChars, ctx);
    }
}
