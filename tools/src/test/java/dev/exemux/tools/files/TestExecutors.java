package dev.exemux.tools.files;

import dev.exemux.local.LocalExecutor;

/** The executor the file-tool tests run against: the embedded local one, observed through a wrapper. */
final class TestExecutors {

    private TestExecutors() {}

    static ForwardingExecutor local() {
        return new ForwardingExecutor(new LocalExecutor());
    }

    /** Kills what the executor started and stops its threads. */
    static void shutdown(ForwardingExecutor executor) {
        if (executor != null && executor.delegate instanceof LocalExecutor local) {
            local.shutdown();
        }
    }
}
