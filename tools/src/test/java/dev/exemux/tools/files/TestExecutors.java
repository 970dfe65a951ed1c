package dev.exemux.tools.files;

import dev.exemux.executor.Executor;

/** The executor the file-tool tests run against: the embedded local one. */
final class TestExecutors {

    private TestExecutors() {}

    static ForwardingExecutor local() {
        return new ForwardingExecutor(new NioExecutor());
    }
}
