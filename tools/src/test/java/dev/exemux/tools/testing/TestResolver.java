package dev.exemux.tools.testing;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves a fixed set of executors, refusing others the way the real resolvers do. */
public final class TestResolver implements ExecutorResolver {

    private final Map<String, Executor> executors = new LinkedHashMap<>();

    /** Serves each executor under its own id. */
    public static TestResolver of(Executor... executors) {
        TestResolver resolver = new TestResolver();
        for (Executor e : executors) {
            resolver.add(e.id(), e);
        }
        return resolver;
    }

    public TestResolver add(String exeId, Executor executor) {
        executors.put(exeId, executor);
        return this;
    }

    @Override
    public Executor resolve(String exeId) {
        Executor e = executors.get(exeId);
        if (e == null) {
            throw new UnknownExecutorException(exeId, "Unknown exe_id '" + exeId + "'. Known exe_ids: "
                    + String.join(", ", executors.keySet()) + ".");
        }
        return e;
    }

    @Override
    public List<ExecutorStatus> list() {
        return executors.entrySet().stream().map(e -> {
            ExecutorStatus s = e.getValue().status();
            return new ExecutorStatus(e.getKey(), s.state(), s.lastError(), s.info());
        }).toList();
    }

    @Override
    public void close() {}
}
