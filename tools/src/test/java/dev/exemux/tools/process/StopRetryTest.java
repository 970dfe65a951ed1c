package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.exemux.executor.ConnectionLostException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.tools.testing.ScriptedExecutor;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A terminate that fails because the connection dropped as it was sent (seen in the fault soak: a
 * {@code timeout_ms} kill lost to a gateway drop left {@code sleep 120} running) is tried again.
 */
class StopRetryTest {

    @Test
    void aTimeLimitWhoseTerminateIsLostToADropStillKillsTheProcess() {
        AtomicReference<ProcessListener> listener = new AtomicReference<>();
        AtomicInteger terminates = new AtomicInteger();
        ProcessHandle handle = (ProcessHandle) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProcessHandle.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "p1";
                    case "exit" -> new CompletableFuture<ProcessExit>();
                    case "terminate" -> {
                        if (terminates.incrementAndGet() <= 2) {
                            yield CompletableFuture.failedFuture(new ConnectionLostException("remote",
                                    "Connection to executor 'remote' lost: the network connection dropped.", null));
                        }
                        listener.get().onExit(ProcessExit.exited(137));
                        yield CompletableFuture.completedFuture(null);
                    }
                    default -> CompletableFuture.completedFuture(null);
                });
        Executor executor = ScriptedExecutor.starting("remote", handle, listener);
        try (ToolHarness tools = ToolHarness.processTools(ProcessTools.create(new TestResolver().add("remote", executor)))) {
            Result r = tools.call("exec_command", "{\"exe_id\":\"remote\",\"command\":\"sleep 120\",\"timeout_ms\":100,\"yield_ms\":8000}");
            assertEquals("timed_out", r.string("state"), r.text());
            assertEquals(3, terminates.get());
        }
    }
}
