package dev.exemux.relay;

import dev.exemux.executor.Executor;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that runs the relay download but then gives no sign of it: its end is never reported and a
 * terminate is never answered (as when an executor lost the process, or stopped answering, mid-transfer).
 * {@link #stopForReal()} ends what it ran.
 */
final class UnansweringDownload extends ForwardingExecutor {

    private final List<ProcessHandle> real = new CopyOnWriteArrayList<>();
    private final AtomicInteger terminates = new AtomicInteger();

    UnansweringDownload(Executor delegate) {
        super(delegate);
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        boolean download = spec.argv().stream().anyMatch(a -> a.contains("curl") && a.contains(" -o "));
        if (!download) {
            return super.start(spec, listener);
        }
        ProcessListener endless = new ProcessListener() {
            @Override
            public void onOutput(OutputKind stream, byte[] chunk) {
                listener.onOutput(stream, chunk);
            }

            @Override
            public void onExit(ProcessExit exit) {
                // never heard of
            }
        };
        return super.start(spec, endless).thenApply(handle -> {
            real.add(handle);
            return new ProcessHandle() {
                @Override
                public String id() {
                    return handle.id();
                }

                @Override
                public CompletableFuture<Void> write(byte[] data) {
                    return handle.write(data);
                }

                @Override
                public CompletableFuture<Void> interrupt() {
                    return new CompletableFuture<>();
                }

                @Override
                public CompletableFuture<Void> terminate() {
                    terminates.incrementAndGet();
                    return new CompletableFuture<>();
                }

                @Override
                public CompletableFuture<ProcessExit> exit() {
                    return new CompletableFuture<>();
                }
            };
        });
    }

    /** How many times the download was asked to terminate. */
    int terminatesAsked() {
        return terminates.get();
    }

    void stopForReal() throws Exception {
        for (ProcessHandle h : real) {
            h.terminate().get(10, TimeUnit.SECONDS);
            h.exit().get(10, TimeUnit.SECONDS);
        }
    }
}
