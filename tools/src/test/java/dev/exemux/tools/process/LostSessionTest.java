package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Executor;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.tools.testing.ScriptedExecutor;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a model reads when the executor loses track of a process (a reconnect after the peer dropped
 * output, or a session that could not be resumed): faults a real peer does not produce on demand.
 */
class LostSessionTest {

    private final AtomicReference<ProcessListener> listener = new AtomicReference<>();

    /** An executor whose only process is driven by the test through {@link #listener}. */
    private Executor scripted() {
        ProcessHandle handle = (ProcessHandle) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProcessHandle.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "p1";
                    case "exit" -> new CompletableFuture<ProcessExit>();
                    default -> CompletableFuture.completedFuture(null);
                });
        return ScriptedExecutor.starting("remote", handle, listener);
    }

    @Test
    void lostOutputAndALostProcessAreSaidPlainly() {
        try (ToolHarness tools = ToolHarness.processTools(ProcessTools.create(new TestResolver().add("remote", scripted())))) {
            Result first = tools.call("exec_command", "{\"exe_id\":\"remote\",\"command\":\"make\",\"yield_ms\":0}");
            String session = first.string("session_id");
            listener.get().onOutput(OutputKind.STDOUT, "before\n".getBytes(StandardCharsets.UTF_8));
            listener.get().onOutputLost(3);
            listener.get().onOutput(OutputKind.STDOUT, "after\n".getBytes(StandardCharsets.UTF_8));
            Result read = tools.call("read_output", "{\"exe_id\":\"remote\",\"session_id\":\"" + session + "\"}");
            assertEquals("before\nafter\n", read.string("stdout"));
            assertTrue(read.text().contains("3 chunks of output were lost"), read.text());

            listener.get().onExit(ProcessExit.lost("the executor session could not be resumed"));
            Result end = tools.call("read_output", "{\"exe_id\":\"remote\",\"session_id\":\"" + session + "\"}");
            assertEquals("lost", end.string("state"));
            assertTrue(end.exitCode() == null, "an exit nobody saw has no code: " + end.structured());
            assertEquals("the executor session could not be resumed", end.string("failure"));
            assertTrue(end.text().startsWith("lost track of the process after "), end.text());

            Result kill = tools.call("kill_process", "{\"exe_id\":\"remote\",\"session_id\":\"" + session + "\"}");
            assertEquals("lost", kill.string("state"));
            assertTrue(kill.text().contains("may still be running") && kill.text().contains("nothing was signalled"),
                    "a lost process is not said to be stopped: " + kill.text());
        }
    }

    @Test
    void anExecutorThatGoesSilentMidWaitIsReportedAsUnknownNotRunning() throws Exception {
        try (ToolHarness tools = ToolHarness.processTools(ProcessTools.create(new TestResolver().add("remote", scripted())))) {
            CompletableFuture<Result> call = CompletableFuture.supplyAsync(
                    () -> tools.call("exec_command", "{\"exe_id\":\"remote\",\"command\":\"make\",\"yield_ms\":30000}"));
            while (listener.get() == null) {
                Thread.sleep(10);
            }
            listener.get().onExecutorSilence(java.time.Duration.ofSeconds(8));
            Result silent = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("unknown", silent.string("state"), silent.text());
            assertEquals(null, silent.exitCode());
            assertTrue(silent.string("failure").contains("has not answered for 8."), silent.string("failure"));
            assertTrue(silent.text().contains("state unknown") && silent.text().contains("read_output"), silent.text());
            String session = silent.string("session_id");

            // Nothing is typed into a process nobody can see.
            Result typed = tools.call("write_stdin", "{\"exe_id\":\"remote\",\"session_id\":\"" + session + "\",\"input\":\"x\"}");
            assertTrue(typed.isError(), typed.text());

            listener.get().onExecutorSilence(java.time.Duration.ZERO);
            listener.get().onOutput(OutputKind.STDOUT, "done\n".getBytes(StandardCharsets.UTF_8));
            listener.get().onExit(ProcessExit.exited(0));
            Result back = tools.call("read_output", "{\"exe_id\":\"remote\",\"session_id\":\"" + session + "\"}");
            assertEquals("exited", back.string("state"));
            assertEquals("done\n", back.string("stdout"));
        }
    }

    @Test
    void aShellStringRunsWithTheExecutorsShell() {
        AtomicReference<java.util.List<String>> argv = new AtomicReference<>();
        Executor recording = (Executor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Executor.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("start")) {
                        argv.set(((dev.exemux.executor.ProcessSpec) args[0]).argv());
                    }
                    return method.invoke(scripted(), args);
                });
        try (ToolHarness tools = ToolHarness.processTools(ProcessTools.create(new TestResolver().add("remote", recording)))) {
            tools.call("exec_command", "{\"exe_id\":\"remote\",\"command\":\"echo $0\",\"yield_ms\":0}");
            assertEquals(java.util.List.of("/bin/bash", "-c", "echo $0"), argv.get());
        }
    }
}
