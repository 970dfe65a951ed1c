package dev.exemux.relay;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessSpec;
import java.util.List;

/** An executor whose relay upload fails at once (as a curl that cannot reach the relay would). */
final class FailingUpload extends ForwardingExecutor {

    FailingUpload(Executor delegate) {
        super(delegate);
    }

    @Override
    protected ProcessSpec rewrite(ProcessSpec spec) {
        boolean upload = spec.argv().stream().anyMatch(a -> a.contains("curl") && a.contains(" -T "));
        return upload ? new ProcessSpec(List.of("sh", "-c", "echo 'curl: (7) Failed to connect' >&2; exit 7"), spec.cwd(),
                spec.env(), false, false) : spec;
    }
}
