package dev.exemux.tools.copy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.relay.CopyException;
import dev.exemux.relay.CopyResult;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.Locale;

/** What copy_path and copy_status say about a copy: finished, still running, cancelled or failed. */
final class CopyReport {

    private CopyReport() {}

    /** The output schema both tools share. */
    static ObjectNode outputSchema() {
        return Schema.object()
                .required("state", Schema.enumOf("done: copied and verified; running: still copying (ask copy_status);"
                        + " cancelled: stopped on request, nothing left at dst_path.", "done", "running", "cancelled"))
                .required("copy_id", Schema.string("Id of the copy, for copy_status."))
                .optional("transport", Schema.enumOf("Path the bytes took (when done).", "relay", "stream", "executor"))
                .optional("bytes", Schema.integer("Bytes copied, when done (for a directory: its tar archive; -1 when not measured)."))
                .optional("sha256", Schema.nullable(Schema.string("SHA-256 of those bytes, verified on both sides (when done).")))
                .optional("duration_ms", Schema.integer("Time the copy took (when done)."))
                .optional("fallback_reason", Schema.string("Why the relay was not used although transport was auto."))
                .optional("bytes_done", Schema.integer("Bytes moved so far (while running)."))
                .optional("bytes_total", Schema.nullable(Schema.integer("Bytes to move, once known (while running).")))
                .build();
    }

    /** Waits up to {@code wait} for the copy and reports where it stands. */
    static ToolResult await(CopyJob job, Duration wait, ToolContext context) {
        CopyResult r;
        try {
            r = job.await(wait, context);
        } catch (CopyException e) {
            return job.cancelRequested() ? cancelled(job, e.getMessage()) : ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            return ToolResult.error("copy " + job.id + " (" + job.route + ") failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); nothing was left at dst_path.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return running(job);
        }
        return r == null ? running(job) : done(job, r);
    }

    private static ToolResult done(CopyJob job, CopyResult r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("state", "done")
                .put("copy_id", job.id)
                .put("transport", r.transport())
                .put("bytes", r.bytes())
                .put("sha256", r.sha256())
                .put("duration_ms", r.durationMs());
        if (r.fallbackReason() != null) {
            n.put("fallback_reason", r.fallbackReason());
        }
        return ToolResult.ok(describe(job, r), n);
    }

    private static ToolResult running(CopyJob job) {
        long total = job.bytesTotal();
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("state", "running")
                .put("copy_id", job.id)
                .put("bytes_done", job.bytesDone());
        if (total >= 0) {
            n.put("bytes_total", total);
        } else {
            n.putNull("bytes_total");
        }
        String soFar = total >= 0 ? humanBytes(job.bytesDone()) + " of " + humanBytes(total) + " so far"
                : humanBytes(job.bytesDone()) + " so far";
        return ToolResult.ok("Copy " + job.id + " (" + job.route + ") is still running (" + soFar + "). Call copy_status"
                + " with copy_id " + job.id + " to wait for it, or with cancel: true to stop it.", n);
    }

    private static ToolResult cancelled(CopyJob job, String message) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("state", "cancelled").put("copy_id", job.id);
        return ToolResult.ok("Copy " + job.id + " was cancelled: " + message, n);
    }

    private static String describe(CopyJob job, CopyResult r) {
        StringBuilder sb = new StringBuilder("Copied ").append(job.from).append(" to ").append(job.to);
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
