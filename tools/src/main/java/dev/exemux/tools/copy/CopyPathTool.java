package dev.exemux.tools.copy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.relay.CopyException;
import dev.exemux.relay.CopyProgress;
import dev.exemux.relay.CopyResult;
import dev.exemux.relay.CopyService;
import dev.exemux.relay.Transport;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code copy_path}: a file or directory from one executor to another (or within one), without its
 * bytes passing through the model. The copy ends before the call's deadline, finished or cleaned up.
 */
final class CopyPathTool extends AbstractTool {

    /** Left of the call's deadline for turning the outcome into a result. */
    private static final Duration MARGIN = Duration.ofMillis(500);
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    private static final ToolDefinition DEFINITION = buildDefinition();

    private final ExecutorResolver resolver;
    private final CopyService copies;

    CopyPathTool(ExecutorResolver resolver, CopyService copies) {
        super(DEFINITION);
        this.resolver = resolver;
        this.copies = copies;
    }

    private static ToolDefinition buildDefinition() {
        ObjectNode input = Schema.object()
                .required("src_exe_id", Schema.string("Executor holding the file or directory to copy (list_executors shows the ids)."))
                .required("src_path", Schema.string("Absolute path on the source executor."))
                .required("dst_exe_id", Schema.string("Executor to copy to, may be the same as src_exe_id (list_executors shows the ids)."))
                .required("dst_path", Schema.string("Absolute path of the new file or directory on the destination "
                        + "(its parent must exist; an existing file is replaced, an existing directory is refused)."))
                .optional("recursive", Schema.bool("Required (true) to copy a directory with everything in it. Default false."))
                .optional("transport", Schema.enumOf("How bytes move between executors: auto (relay when available, "
                        + "else streamed through exemux), relay (relay only), stream (through exemux). Default auto.",
                        "auto", "relay", "stream"))
                .closed()
                .build();
        ObjectNode output = Schema.object()
                .required("transport", Schema.enumOf("Path the bytes took.", "relay", "stream", "executor"))
                .required("bytes", Schema.integer("Bytes copied (for a directory: its tar archive; -1 when not measured)."))
                .required("sha256", Schema.nullable(Schema.string("SHA-256 of those bytes, verified on both sides.")))
                .required("duration_ms", Schema.integer("Time the copy took."))
                .optional("fallback_reason", Schema.string("Why the relay was not used although transport was auto."))
                .build();
        return new ToolDefinition("copy_path", "Copy a file or directory between executors",
                "Copies a file (or a directory with recursive: true) from src_exe_id:src_path to dst_exe_id:dst_path. "
                        + "The destination appears only complete and verified (size and SHA-256); on failure nothing is "
                        + "left at dst_path. Between executors the gateway relay is used when available, otherwise the "
                        + "bytes stream through exemux.",
                input, output, false, true, true);
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String srcId = args.exeId("src_exe_id");
        String srcPath = args.absolutePath("src_path");
        String dstId = args.exeId("dst_exe_id");
        String dstPath = args.absolutePath("dst_path");
        boolean recursive = args.optionalBoolean("recursive", false);
        Transport transport = Transport.parse(args.optionalEnum("transport", "auto", "auto", "relay", "stream"));
        Executor src = resolver.resolve(srcId);
        Executor dst = resolver.resolve(dstId);
        Duration budget = context.remaining().minus(MARGIN);
        if (budget.isNegative() || budget.isZero()) {
            return ToolResult.error("copy_path had no time left before the call's deadline; nothing was copied.");
        }
        Thread caller = Thread.currentThread();
        AtomicBoolean running = new AtomicBoolean(true);
        // Cancelling interrupts the copy's waits; the copy then stops its processes and removes its temporaries.
        context.onCancel(() -> {
            if (running.get()) {
                caller.interrupt();
            }
        });
        try {
            CopyResult r = copies.copy(src, srcPath, dst, dstPath, recursive, transport, throttled(context), budget);
            return ToolResult.ok(describe(r, srcId, srcPath, dstId, dstPath), structured(r));
        } catch (CopyException e) {
            return ToolResult.error(e.getMessage());
        } finally {
            running.set(false);
            Thread.interrupted(); // a cancel that came in late must not leak into the next task on this thread
        }
    }

    private static CopyProgress throttled(ToolContext context) {
        long[] last = {0};
        return (done, total, message) -> {
            long now = System.nanoTime();
            if (now - last[0] >= PROGRESS_EVERY_NANOS || (total >= 0 && done == total)) {
                last[0] = now;
                context.progress(done, total < 0 ? null : (double) total, message);
            }
        };
    }

    static ObjectNode structured(CopyResult r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("transport", r.transport())
                .put("bytes", r.bytes())
                .put("sha256", r.sha256())
                .put("duration_ms", r.durationMs());
        if (r.fallbackReason() != null) {
            n.put("fallback_reason", r.fallbackReason());
        }
        return n;
    }

    static String describe(CopyResult r, String srcId, String srcPath, String dstId, String dstPath) {
        StringBuilder sb = new StringBuilder("Copied ").append(srcId).append(':').append(srcPath)
                .append(" to ").append(dstId).append(':').append(dstPath);
        if (r.bytes() >= 0) {
            sb.append(" (").append(humanBytes(r.bytes())).append(')');
        }
        sb.append(switch (r.transport()) {
            case "relay" -> " over the gateway relay";
            case "stream" -> " streamed through exemux";
            default -> " within the executor";
        });
        sb.append(" in ").append(String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)).append('.');
        if (r.sha256() != null) {
            sb.append(" SHA-256 ").append(r.sha256()).append(" verified on both sides.");
        }
        if (r.fallbackReason() != null) {
            sb.append(" The relay was not used: ").append(r.fallbackReason()).append('.');
        }
        return sb.toString();
    }

    static String humanBytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
