package dev.exemux.executor;

import java.util.List;

/**
 * What {@link ExecutorResolver#listing()} knows: the executors, and warnings about what could not be
 * learnt (e.g. the gateway refused to say which executors are connected). A warning never hides the
 * executors that are known.
 */
public record ExecutorListing(List<ExecutorStatus> executors, List<String> warnings) {

    public ExecutorListing {
        executors = List.copyOf(executors);
        warnings = List.copyOf(warnings);
    }
}
