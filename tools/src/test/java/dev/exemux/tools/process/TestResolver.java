package dev.exemux.tools.process;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves a fixed set of executors, refusing others the way the real resolvers do. */
final class TestResolver implements ExecutorResolver {

    private final Map<String, Executor> executors = new LinkedHashMap<>();

    TestResolver add(String exeId, Executor executor) {
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
