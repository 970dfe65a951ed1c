package dev.exemux.local;

import static dev.exemux.local.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalExecutorTest {

    @Test
    void describesItselfAsTheEmbeddedLocalExecutor() {
        LocalExecutor local = new LocalExecutor();
        try {
            ExecutorInfo info = await(local.describe());
            assertEquals("local", local.id());
            assertEquals("local", info.exeId());
            assertEquals("embedded", info.release());
            assertEquals("linux", info.platform());
            assertNull(info.sessionId());
            assertEquals(System.getProperty("user.dir"), info.cwd());
            assertEquals(System.getProperty("user.home"), info.homeDir());
            assertEquals(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh", info.shell(),
                    "bash where there is one, as on every executor");
            assertEquals(new ExecutorInfo.Capabilities(true, true, true, true, false), info.capabilities());
            assertEquals(new ExecutorStatus("local", ExecutorStatus.State.EMBEDDED, null, info), local.status());
        } finally {
            local.shutdown();
        }
    }

    @Test
    void shutdownKillsRunningProcessesAndRefusesLaterCalls() {
        LocalExecutor local = new LocalExecutor();
        Recorder r = new Recorder();
        ProcessHandle sleeper = await(local.start(new ProcessSpec(List.of("sleep", "60"), null, null, false, false), r));

        local.shutdown();
        local.shutdown(); // idempotent

        assertEquals(ProcessExit.exited(137), await(sleeper.exit()));
        assertThrows(ExecutorOfflineException.class, () -> await(local.stat("/")));
    }
}
