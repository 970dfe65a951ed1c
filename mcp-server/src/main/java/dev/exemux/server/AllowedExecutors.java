package dev.exemux.server;

import dev.exemux.executor.ExeIdGlob;
import dev.exemux.executor.ExeIds;
import dev.exemux.executor.ExecutorListing;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The operator's allow-list of exe_ids ({@code EXEMUX_ALLOWED_EXE_IDS}) in front of a resolver: any
 * other id is refused before the resolver sees it, so it is never dialed, and it is left out of
 * {@link #list()}.
 */
final class AllowedExecutors implements ExecutorResolver {

    private final ExecutorResolver delegate;
    private final List<String> globs;
    private final Pattern allowed;

    AllowedExecutors(ExecutorResolver delegate, List<String> globs) {
        if (globs.isEmpty()) {
            throw new IllegalArgumentException("no pattern");
        }
        this.delegate = delegate;
        this.globs = List.copyOf(globs);
        this.allowed = Pattern.compile(String.join("|", globs.stream().map(ExeIdGlob::regex).toList()));
    }

    /** {@code delegate} behind the policy's allow-list, or as it is when the policy allows any id. */
    static ExecutorResolver wrap(ExecutorResolver delegate, OperatorPolicy policy) {
        return policy.allowedExeIds().isEmpty() ? delegate : new AllowedExecutors(delegate, policy.allowedExeIds());
    }

    boolean allows(String exeId) {
        return exeId != null && allowed.matcher(exeId).matches();
    }

    @Override
    public Executor resolve(String exeId) {
        // A malformed id gets the delegate's own explanation (it is refused there, also before any dial).
        if (ExeIds.problem(exeId) == null && !allows(exeId)) {
            throw new UnknownExecutorException(exeId, "exe_id '" + exeId + "' is not allowed: this exemux only serves exe_ids matching "
                    + String.join(", ", globs) + " (set by its operator in " + OperatorPolicy.ALLOWED_EXE_IDS
                    + "). Call list_executors to see the ones you can use.");
        }
        return delegate.resolve(exeId);
    }

    @Override
    public List<ExecutorStatus> list() {
        return listing().executors();
    }

    @Override
    public ExecutorListing listing() {
        ExecutorListing all = delegate.listing();
        return new ExecutorListing(all.executors().stream().filter(s -> allows(s.exeId())).toList(), all.warnings());
    }

    @Override
    public void close() {
        delegate.close();
    }
}
