package dev.exemux.executor;

import java.util.List;

/** Turns an exe_id into an {@link Executor}; the tools' only way to reach one. */
public interface ExecutorResolver extends AutoCloseable {

    /**
     * The executor for {@code exeId}, without dialing it.
     *
     * @throws UnknownExecutorException if the id is malformed or not served here; the message lists
     *     the ids that are
     */
    Executor resolve(String exeId);

    /** Every executor this resolver can reach: configured, embedded, and seen. */
    List<ExecutorStatus> list();

    @Override
    void close();
}
