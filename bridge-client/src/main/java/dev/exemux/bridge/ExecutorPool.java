package dev.exemux.bridge;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import java.util.List;

/**
 * One lazily dialed exec-server session per exe_id (gateway or direct), shared by every caller.
 * Resolving never dials; the first call on the returned {@link Executor} does. Work in progress: the
 * implementation lands shortly.
 */
public final class ExecutorPool implements ExecutorResolver {

    public ExecutorPool(BridgeSettings settings) {
        throw new UnsupportedOperationException("ExecutorPool is not implemented yet");
    }

    @Override
    public Executor resolve(String exeId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ExecutorStatus> list() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
