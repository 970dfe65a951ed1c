package dev.exemux.tools.process;

import dev.exemux.executor.ExeIdGlob;
import dev.exemux.executor.ExeIds;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * exec_many's {@code exe_ids}: ids and globs, the globs matched against the executors the resolver
 * knows (what list_executors shows), duplicates dropped. A literal id is taken as is (the resolver
 * decides whether it exists, per executor).
 *
 * @param exeIds the executors to run on, in the order first named
 * @param matched what each glob matched, in the order given
 * @param duplicates ids named more than once (run once)
 */
record FleetTargets(List<String> exeIds, Map<String, List<String>> matched, List<String> duplicates) {

    static final int MAX_EXECUTORS = 256;

    static FleetTargets resolve(String argument, List<String> given, List<ExecutorStatus> known) {
        if (given == null || given.isEmpty()) {
            throw new ToolException("Argument '" + argument + "' must name at least one exe_id or glob (e.g. [\"build-*\"]);"
                    + " list_executors shows the ids.");
        }
        List<String> knownIds = known.stream().map(ExecutorStatus::exeId).sorted().toList();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        Map<String, List<String>> matched = new LinkedHashMap<>();
        for (String entry : given) {
            List<String> these;
            if (ExeIdGlob.isGlob(entry)) {
                String problem = ExeIds.problem(entry.replace('*', 'x').replace('?', 'x'));
                if (problem != null) {
                    throw new ToolException("Invalid glob in '" + argument + "' ('" + Args.echo(entry) + "'): " + problem + ".");
                }
                ExeIdGlob glob = ExeIdGlob.of(entry);
                these = knownIds.stream().filter(glob::matches).toList();
                if (these.isEmpty()) {
                    throw new ToolException("The glob '" + entry + "' matches no known executor. Known exe_ids: "
                            + (knownIds.isEmpty() ? "none" : String.join(", ", knownIds)) + ".");
                }
                matched.put(entry, these);
            } else {
                String problem = ExeIds.problem(entry);
                if (problem != null) {
                    throw new ToolException("Invalid exe_id in '" + argument + "' ('" + Args.echo(entry) + "'): " + problem
                            + ". list_executors shows the valid ids.");
                }
                these = List.of(entry);
            }
            for (String id : these) {
                if (!ids.add(id)) {
                    duplicates.add(id);
                }
            }
        }
        if (ids.size() > MAX_EXECUTORS) {
            throw new ToolException("'" + argument + "' names " + ids.size() + " executors; at most " + MAX_EXECUTORS
                    + " per call. Split them over several calls (narrower globs).");
        }
        return new FleetTargets(List.copyOf(new ArrayList<>(ids)), matched, List.copyOf(duplicates));
    }
}
