package dev.exemux.tools.copy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;

/** {@code copy_status}: waits for a copy that copy_path left running, reports it, or cancels it. */
final class CopyStatusTool extends AbstractTool {

    private static final Duration MARGIN = Duration.ofMillis(500);
    /** How long a cancel waits for the copy to stop its processes and remove its temporaries. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(20);
    private static final ToolDefinition DEFINITION = buildDefinition();

    private final CopyJobs jobs;

    CopyStatusTool(CopyJobs jobs) {
        super(DEFINITION);
        this.jobs = jobs;
    }

    private static ToolDefinition buildDefinition() {
        ObjectNode input = Schema.object()
                .required("copy_id", Schema.string("Id of the copy, as copy_path returned it (e.g. \"c3\")."))
                .optional("yield_ms", Schema.integer("How long to wait for the copy to end before reporting it as still"
                        + " running. Default " + CopyPathTool.DEFAULT_YIELD_MS + ", at most " + CopyPathTool.MAX_YIELD_MS
                        + "; 0 reports at once.", 0, CopyPathTool.MAX_YIELD_MS))
                .optional("cancel", Schema.bool("Stop the copy: its processes end and nothing is left at dst_path. Default false."))
                .closed()
                .build();
        return new ToolDefinition("copy_status", "Wait for, check or cancel a copy",
                "Follows a copy that copy_path returned as running: waits up to yield_ms and returns its result"
                        + " (state done, with bytes and SHA-256), or state running with the bytes moved so far. With"
                        + " cancel: true it stops the copy and waits for the clean-up.",
                input, CopyReport.outputSchema(), false, false, false);
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        CopyJob job = jobs.find(args.requiredNonEmpty("copy_id"));
        boolean cancel = args.optionalBoolean("cancel", false);
        Duration wait = Duration.ofMillis(args.optionalLong("yield_ms", CopyPathTool.DEFAULT_YIELD_MS, 0, CopyPathTool.MAX_YIELD_MS));
        if (cancel) {
            job.cancel();
            wait = CANCEL_WAIT;
        }
        Duration left = context.remaining().minus(MARGIN);
        return CopyReport.await(job, left.compareTo(wait) < 0 ? left : wait, context);
    }
}
