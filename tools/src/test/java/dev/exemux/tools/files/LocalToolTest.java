package dev.exemux.tools.files;

import dev.exemux.tools.testing.ToolHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The file tools on a fresh embedded local executor, with a scratch directory per test. */
abstract class LocalToolTest {

    @TempDir
    Path dir;
    ForwardingExecutor local;
    ToolHarness tools;

    @BeforeEach
    void startExecutor() {
        local = ForwardingExecutor.local();
        tools = ToolHarness.fileTools(local);
    }

    @AfterEach
    void stopExecutor() {
        local.shutdown();
    }
}
