package dev.exemux.tools.executors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExeIdGlob;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorListing;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolResult;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code list_executors}: every exe_id this server can reach, and how it stands, without dialing any. */
public final class ListExecutorsTool extends AbstractTool {

    private static final String[] STATES = {"connected", "idle", "failing", "embedded"};

    private static final ToolDefinition DEFINITION = new ToolDefinition("list_executors", "List executors",
            "Lists every exe_id this server can reach (configured, the embedded 'local', seen before, and those the"
                    + " gateway reports connected) with its state: connected, idle (not dialed yet or closed when unused;"
                    + " the next call dials it), failing (with the last error), or embedded; plus release, platform and"
                    + " shell once known. Dials no executor.",
            Schema.object()
                    .optional("pattern", Schema.string("Glob on exe_id (* and ?)."))
                    .closed().build(),
            Schema.object()
                    .required("executors", Schema.arrayOf("Sorted by exe_id.", Schema.object()
                            .required("exe_id", Schema.string("The id to pass as exe_id."))
                            .required("state", Schema.enumOf("How it stands now.", STATES))
                            .required("last_error", Schema.nullable(Schema.string("The last failure, if failing.")))
                            .required("release", Schema.nullable(Schema.string("exec-server release, when known.")))
                            .required("platform", Schema.nullable(Schema.string("Operating system, when known.")))
                            .required("gateway_last_seen", Schema.nullable(Schema.string(
                                    "When the gateway last saw it connected (RFC 3339), if the gateway lists it.")))
                            .required("shell", Schema.nullable(Schema.string("Runs command strings, when known.")))
                            .build()))
                    .optional("warnings", Schema.arrayOf("What could not be learnt (e.g. the gateway refused discovery).",
                            Schema.string("A warning.")))
                    .build(),
            true, false, true);

    private final ExecutorResolver resolver;

    public ListExecutorsTool(ExecutorResolver resolver) {
        super(DEFINITION);
        this.resolver = resolver;
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String pattern = args.optionalString("pattern", null);
        ExeIdGlob glob = pattern == null ? null : ExeIdGlob.of(pattern);
        ExecutorListing listing = resolver.listing();
        List<ExecutorStatus> executors = listing.executors().stream()
                .filter(e -> glob == null || glob.matches(e.exeId()))
                .sorted(Comparator.comparing(ExecutorStatus::exeId)).toList();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode items = json.putArray("executors");
        StringBuilder text = new StringBuilder(executors.isEmpty()
                ? (glob == null ? "no executors configured" : "no executor matches " + Args.echo(pattern)
                        + " (" + listing.executors().size() + " known)")
                : executors.size() + " executor" + (executors.size() == 1 ? "" : "s")
                        + (glob == null ? "" : " matching " + Args.echo(pattern)) + ":");
        for (ExecutorStatus e : executors) {
            ExecutorInfo info = e.info();
            String state = e.state().name().toLowerCase(Locale.ROOT);
            String release = info == null ? null : info.release();
            String platform = info == null ? null : info.platform();
            String shell = info == null ? null : info.shell();
            // Absent values are written as JSON null (Jackson's put does that for a null String).
            items.addObject()
                    .put("exe_id", e.exeId())
                    .put("state", state)
                    .put("last_error", e.lastError())
                    .put("release", release)
                    .put("platform", platform)
                    .put("gateway_last_seen", e.gatewayLastSeen() == null ? null : e.gatewayLastSeen().toString())
                    .put("shell", shell);
            text.append("\n").append(e.exeId()).append(": ").append(state);
            if (release != null) {
                text.append(", release ").append(release);
            }
            if (platform != null) {
                text.append(", ").append(platform);
            }
            if (e.gatewayLastSeen() != null) {
                text.append(", gateway saw it ").append(e.gatewayLastSeen());
            }
            if (shell != null) {
                text.append(", shell ").append(shell);
            }
            if (e.lastError() != null) {
                text.append(" (last error: ").append(e.lastError()).append(")");
            }
        }
        if (!listing.warnings().isEmpty()) {
            ArrayNode warnings = json.putArray("warnings");
            for (String w : listing.warnings()) {
                warnings.add(w);
                text.append("\nwarning: ").append(w);
            }
        }
        return ToolResult.ok(text.toString(), json);
    }
}
