package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Await;
import dev.exemux.executor.Executor;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import dev.exemux.testing.CodexRelease;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process that cannot start says what and where, on a release without structured spawn errors and on
 * 0.171.0, which classifies them in {@code error.data.kind}.
 */
class StartFailuresOnCodexTest {

    private static final ProcessListener IGNORE = new ProcessListener() {
        @Override
        public void onOutput(OutputKind stream, byte[] chunk) {}

        @Override
        public void onExit(ProcessExit exit) {}
    };

    @ParameterizedTest
    @ValueSource(strings = {"0.169.0", "0.171.0"})
    void startFailuresNameTheProgramAndTheDirectory(String version) {
        try (ExecServer server = ExecServer.start(CodexRelease.require(version), null);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("exe", URI.create(server.url()))))) {
            Executor exe = pool.resolve("exe");
            RemoteCallException noDir = failure(exe, new ProcessSpec(List.of("ls"), "/no/such/dir", Map.of(), false, false));
            assertEquals(Reason.NOT_FOUND, noDir.reason());
            assertTrue(noDir.getMessage().startsWith("Cannot start 'ls' in '/no/such/dir': No such file or directory")
                    && noDir.getMessage().contains("working directory does not exist"), noDir.getMessage());

            RemoteCallException fileAsDir = failure(exe, new ProcessSpec(List.of("ls"), "/etc/hostname", Map.of(), false, false));
            assertEquals(Reason.NOT_A_DIRECTORY, fileAsDir.reason(), fileAsDir.getMessage());

            RemoteCallException noProgram = failure(exe, new ProcessSpec(List.of("/no/such/prog"), "/tmp", Map.of(), false, false));
            assertEquals(Reason.NOT_FOUND, noProgram.reason());
            assertEquals("Cannot start '/no/such/prog' in '/tmp': No such file or directory.", noProgram.getMessage());

            RemoteCallException directory = failure(exe, new ProcessSpec(List.of("/tmp"), "/tmp", Map.of(), false, false));
            assertEquals(Reason.PERMISSION_DENIED, directory.reason(), directory.getMessage());
        }
    }

    private static RemoteCallException failure(Executor exe, ProcessSpec spec) {
        return assertThrows(RemoteCallException.class,
                () -> Await.result(exe.start(spec, IGNORE), Duration.ofSeconds(30), "exe", "start"));
    }
}
