package dev.exemux.tools.copy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.relay.CopyException;
import dev.exemux.relay.CopyResult;
import dev.exemux.relay.DestinationResult;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
                .optional("destinations", Schema.arrayOf("Per destination of dst_exe_ids, in the order given.", Schema.object()
                        .required("exe_id", Schema.string("The destination."))
                        .required("state", Schema.enumOf("Where it stands.", "done", "failed", "running"))
                        .optional("transport", Schema.enumOf("Path the bytes took (done).", "relay", "stream", "executor"))
                        .optional("bytes", Schema.integer("Bytes copied (done)."))
                        .optional("sha256", Schema.nullable(Schema.string("SHA-256 verified on this destination (done).")))
                        .optional("duration_ms", Schema.integer("Time this destination took (done)."))
                        .optional("fallback_reason", Schema.string("Why the relay was not used for it."))
                        .optional("error", Schema.string("Why it failed; nothing was left at its dst_path."))
                        .optional("bytes_done", Schema.integer("Bytes moved so far (running)."))
                        .build()))
                .build();
    }

    /** Waits up to {@code wait} for the copy and reports where it stands. */
    static ToolResult await(CopyJob job, Duration wait, ToolContext context) {
        Object r;
        try {
            r = job.await(wait, context);
        } catch (CopyException e) {
            return job.cancelRequested() ? cancelled(job, e.getMessage()) : ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            if (job.cancelRequested()) {
                return cancelled(job, "copy " + job.id + " was cancelled");
            }
            return ToolResult.error("copy " + job.id + " (" + job.route + ") failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); nothing was left at dst_path.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return running(job);
        }
        if (r == null) {
            return running(job);
        }
        return r instanceof CopyJob.FanOut fanOut ? fanOutDone(job, fanOut) : done(job, (CopyResult) r);
    }

    /** A fan-out that ended: per destination, and an error result only when no destination got its copy. */
    private static ToolResult fanOutDone(CopyJob job, CopyJob.FanOut fanOut) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("state", "done").put("copy_id", job.id);
        ArrayNode items = n.putArray("destinations");
        long copied = fanOut.results().stream().filter(DestinationResult::succeeded).count();
        StringBuilder text = new StringBuilder("Copied ").append(job.from).append(" to ").append(copied).append(" of ")
                .append(fanOut.results().size()).append(" executors");
        fanOut.results().stream().filter(DestinationResult::succeeded).findFirst().ifPresent(first -> {
            if (first.result().bytes() >= 0) {
                text.append(" (").append(humanBytes(first.result().bytes())).append(" each)");
            }
        });
        text.append(':');
        for (DestinationResult d : fanOut.results()) {
            ObjectNode item = items.addObject().put("exe_id", d.exeId());
            if (d.succeeded()) {
                CopyResult r = d.result();
                item.put("state", "done").put("transport", r.transport()).put("bytes", r.bytes()).put("sha256", r.sha256())
                        .put("duration_ms", r.durationMs());
                text.append("\n").append(d.exeId()).append(": done").append(over(r.transport())).append(" in ")
                        .append(String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0));
                if (r.sha256() != null) {
                    text.append(", SHA-256 ").append(r.sha256()).append(" verified");
                }
                if (r.fallbackReason() != null) {
                    item.put("fallback_reason", r.fallbackReason());
                    text.append(" (the relay was not used: ").append(r.fallbackReason()).append(')');
                }
            } else {
                item.put("state", "failed").put("error", d.error());
                text.append("\n").append(d.exeId()).append(": FAILED: ").append(d.error());
            }
        }
        if (copied == 0) {
            return ToolResult.error(text.toString());
        }
        return ToolResult.ok(text.toString(), n);
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
        if (job.isFanOut()) {
            ArrayNode items = n.putArray("destinations");
            long ended = 0;
            for (Map.Entry<String, CopyJob.Destination> e : job.destinations().entrySet()) {
                DestinationResult r = e.getValue().ended;
                ObjectNode item = items.addObject().put("exe_id", e.getKey());
                if (r == null) {
                    item.put("state", "running").put("bytes_done", e.getValue().bytesDone);
                } else if (r.succeeded()) {
                    ended++;
                    item.put("state", "done").put("transport", r.result().transport()).put("bytes", r.result().bytes())
                            .put("sha256", r.result().sha256()).put("duration_ms", r.result().durationMs());
                } else {
                    ended++;
                    item.put("state", "failed").put("error", r.error());
                }
            }
            soFar += ", " + ended + " of " + job.destinations().size() + " destinations finished";
        }
        return ToolResult.ok("Copy " + job.id + " (" + job.route + ") is still running (" + soFar + "). Call copy_status"
                + " with copy_id " + job.id + " to wait for it, or with cancel: true to stop it.", n);
    }

    private static ToolResult cancelled(CopyJob job, String message) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("state", "cancelled").put("copy_id", job.id);
        if (job.isFanOut()) {
            List<String> kept = job.destinations().entrySet().stream()
                    .filter(e -> e.getValue().ended != null && e.getValue().ended.succeeded()).map(Map.Entry::getKey).toList();
            return ToolResult.ok("Copy " + job.id + " was cancelled; destinations not yet done were stopped and nothing"
                    + " was left at their dst_path." + (kept.isEmpty() ? "" : " Already copied and kept: "
                    + String.join(", ", kept) + "."), n);
        }
        return ToolResult.ok("Copy " + job.id + " was cancelled: " + message, n);
    }

    private static String describe(CopyJob job, CopyResult r) {
        StringBuilder sb = new StringBuilder("Copied ").append(job.from).append(" to ").append(job.to);
        if (r.bytes() >= 0) {
            sb.append(" (").append(humanBytes(r.bytes())).append(')');
        }
        sb.append(over(r.transport()));
        sb.append(" in ").append(String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)).append('.');
        if (r.sha256() != null) {
            sb.append(" SHA-256 ").append(r.sha256()).append(" verified on both sides.");
        }
        if (r.fallbackReason() != null) {
            sb.append(" The relay was not used: ").append(r.fallbackReason()).append('.');
        }
        return sb.toString();
    }

    private static String over(String transport) {
        return switch (transport) {
            case "relay" -> " over the gateway relay";
            case "stream" -> " streamed through exemux";
            default -> " within the executor";
        };
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
