package dev.exemux.tools.testing;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A remote-looking executor (release 0.169.0) whose every {@code start} hands back {@code handle} and
 * gives the test the process's listener, so the test drives output, loss and exit itself: for faults
 * a real peer cannot produce on demand.
 */
public final class ScriptedExecutor {

    private ScriptedExecutor() {}

    public static Executor starting(String exeId, ProcessHandle handle, AtomicReference<ProcessListener> listener) {
        return (Executor) Proxy.newProxyInstance(ScriptedExecutor.class.getClassLoader(), new Class<?>[] {Executor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> exeId;
                    case "describe" -> CompletableFuture.completedFuture(
                            new ExecutorInfo(exeId, "0.169.0", "linux", "sid", "/", "/root", "/bin/bash", null));
                    case "start" -> {
                        listener.set((ProcessListener) args[1]);
                        yield CompletableFuture.completedFuture(handle);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
