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

    /**
     * Every executor this resolver can reach: configured, embedded, seen, and those the gateway reports
     * as connected (when it offers discovery; the answer may be a few seconds old). Does not dial any
     * executor; may ask the gateway (bounded by a few seconds). Glob resolution of exe_ids works on this.
     */
    List<ExecutorStatus> list();

    /**
     * {@link #list()} plus warnings about what could not be learnt (a gateway refusing discovery); a
     * resolver without such sources has none.
     */
    default ExecutorListing listing() {
        return new ExecutorListing(list(), List.of());
    }

    @Override
    void close();
}
