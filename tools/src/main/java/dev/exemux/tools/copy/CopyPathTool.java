package dev.exemux.tools.copy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExeIds;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.relay.CopyService;
import dev.exemux.relay.DestinationResult;
import dev.exemux.relay.Transport;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code copy_path}: a file or directory from one executor to another (or within one), without its
 * bytes passing through the model. It waits up to yield_ms for the copy; a longer copy keeps running
 * (until timeout_ms) and copy_status follows it, since MCP clients give up on a call after about a minute.
 */
final class CopyPathTool extends AbstractTool {

    /** Left of the call's deadline for turning the outcome into a result. */
    private static final Duration MARGIN = Duration.ofMillis(500);
    static final long DEFAULT_YIELD_MS = 30_000;
    static final long MAX_YIELD_MS = 50_000;
    static final long DEFAULT_TIMEOUT_MS = 3_600_000;
    static final long MAX_TIMEOUT_MS = 86_400_000;
    static final int MAX_DESTINATIONS = 64;
    /** Destinations of one fan-out copied at the same time. */
    static final int FAN_OUT_CONCURRENCY = 8;
    private static final ToolDefinition DEFINITION = buildDefinition();

    private final ExecutorResolver resolver;
    private final CopyService copies;
    private final CopyJobs jobs;

    CopyPathTool(ExecutorResolver resolver, CopyService copies, CopyJobs jobs) {
        super(DEFINITION);
        this.resolver = resolver;
        this.copies = copies;
        this.jobs = jobs;
    }

    private static ToolDefinition buildDefinition() {
        ObjectNode input = Schema.object()
                .required("src_exe_id", Schema.string("Executor holding the file or directory to copy (list_executors shows the ids)."))
                .required("src_path", Schema.string("Absolute path on the source executor."))
                .optional("dst_exe_id", Schema.string("Executor to copy to, may be the same as src_exe_id (list_executors shows the ids)."))
                .optional("dst_exe_ids", Schema.arrayOf("Instead of dst_exe_id: up to " + MAX_DESTINATIONS
                        + " executors, copied to at once, each verified.", JsonNodeFactory.instance.objectNode().put("type", "string")))
                .required("dst_path", Schema.string("Absolute path of the new file or directory on the destination "
                        + "(its parent must exist; an existing file is replaced, an existing directory is refused)."))
                .optional("recursive", Schema.bool("Required (true) to copy a directory with everything in it. Default false."))
                .optional("transport", Schema.enumOf("How bytes move between executors: auto (relay when available, "
                        + "else streamed through exemux), relay (relay only), stream (through exemux). Default auto.",
                        "auto", "relay", "stream"))
                .optional("yield_ms", Schema.integer("How long to wait for the copy before returning its copy_id while it"
                        + " keeps running. Default " + DEFAULT_YIELD_MS + ", at most " + MAX_YIELD_MS + ".", 0, MAX_YIELD_MS))
                .optional("timeout_ms", Schema.integer("Hard limit for the whole copy: past it the copy is stopped and cleaned"
                        + " up. Default " + DEFAULT_TIMEOUT_MS + " (1 hour).", 1_000, MAX_TIMEOUT_MS))
                .closed()
                .build();
        return new ToolDefinition("copy_path", "Copy a file or directory between executors",
                "Copies a file (or a directory with recursive: true) from src_exe_id:src_path to dst_exe_id:dst_path. "
                        + "The destination appears only complete and verified (size and SHA-256); on failure nothing is "
                        + "left at dst_path. Between executors the gateway relay is used when available, otherwise the "
                        + "bytes stream through exemux. A copy still running after yield_ms returns state running and a "
                        + "copy_id: call copy_status to wait for it or cancel it.",
                input, CopyReport.outputSchema(), false, true, true);
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String srcId = args.exeId("src_exe_id");
        String srcPath = args.absolutePath("src_path");
        List<String> fanOut = destinations(args);
        String dstId = fanOut == null ? args.exeId("dst_exe_id") : null;
        String dstPath = args.absolutePath("dst_path");
        boolean recursive = args.optionalBoolean("recursive", false);
        Transport transport = Transport.parse(args.optionalEnum("transport", "auto", "auto", "relay", "stream"));
        Duration yield = Duration.ofMillis(args.optionalLong("yield_ms", DEFAULT_YIELD_MS, 0, MAX_YIELD_MS));
        Duration timeout = Duration.ofMillis(args.optionalLong("timeout_ms", DEFAULT_TIMEOUT_MS, 1_000, MAX_TIMEOUT_MS));
        Executor src = resolver.resolve(srcId);
        Executor dst = fanOut == null ? resolver.resolve(dstId) : null;
        Duration wait = context.remaining().minus(MARGIN);
        if (wait.isNegative() || wait.isZero()) {
            return ToolResult.error("copy_path had no time left before the call's deadline; nothing was copied.");
        }
        CopyJob job = fanOut == null
                ? jobs.start(srcId + ":" + srcPath, dstId + ":" + dstPath,
                        progress -> copies.copy(src, srcPath, dst, dstPath, recursive, transport, progress, timeout))
                : jobs.start(srcId + ":" + srcPath, fanOut.size() + " executors:" + dstPath, fanOut,
                        self -> copyToMany(src, srcPath, fanOut, dstPath, recursive, transport, self, timeout));
        AtomicBoolean waiting = new AtomicBoolean(true);
        // Cancelling this call while it waits stops the copy; once it has returned a copy_id, copy_status does.
        context.onCancel(() -> {
            if (waiting.get()) {
                job.cancel();
            }
        });
        try {
            return CopyReport.await(job, yield.compareTo(wait) < 0 ? yield : wait, context);
        } finally {
            waiting.set(false);
        }
    }

    /** dst_exe_ids, checked and without duplicates; null when the call names one dst_exe_id. */
    private static List<String> destinations(Args args) {
        List<String> ids = args.optionalStringList("dst_exe_ids");
        if ((ids == null) == !args.has("dst_exe_id")) {
            throw new ToolException("Give exactly one of dst_exe_id (one executor) and dst_exe_ids (several).");
        }
        if (ids == null) {
            return null;
        }
        if (ids.isEmpty() || ids.size() > MAX_DESTINATIONS) {
            throw new ToolException("Argument 'dst_exe_ids' must list 1 to " + MAX_DESTINATIONS + " exe_ids, not " + ids.size() + ".");
        }
        for (String id : ids) {
            String problem = ExeIds.problem(id);
            if (problem != null) {
                throw new ToolException("Invalid exe_id in 'dst_exe_ids': " + problem + ". list_executors shows the valid ids.");
            }
        }
        return List.copyOf(new LinkedHashSet<>(ids)); // a duplicate would race itself for dst_path
    }

    /** Resolves each destination (an unknown one fails alone) and copies to the others at once. */
    private CopyJob.FanOut copyToMany(Executor src, String srcPath, List<String> ids, String dstPath, boolean recursive,
            Transport transport, CopyJob job, Duration timeout) {
        Map<String, DestinationResult> unresolved = new HashMap<>();
        List<Executor> reachable = new ArrayList<>();
        for (String id : ids) {
            try {
                reachable.add(resolver.resolve(id));
            } catch (ExecutorException e) {
                DestinationResult failed = new DestinationResult(id, null, e.getMessage());
                unresolved.put(id, failed);
                job.ended(failed);
            }
        }
        Map<String, DestinationResult> byId = new HashMap<>(unresolved);
        if (!reachable.isEmpty()) {
            copies.copyToMany(src, srcPath, reachable, dstPath, recursive, transport, job, timeout, FAN_OUT_CONCURRENCY)
                    .forEach(r -> byId.put(r.exeId(), r));
        }
        return new CopyJob.FanOut(ids.stream().map(byId::get).toList());
    }
}
