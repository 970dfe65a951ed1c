package dev.exemux.relay;

import dev.exemux.testing.CodexRelease;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The copy contract between two real codex exec-servers of an old and a new release (0.130: whole-file
 * reads and chunked writes only; 0.169: streamed fs/open, readBlock and writeBlock), through the pool.
 */
class ExecServersCopyTest extends CopyContract {

    private ExecServer oldRelease;
    private ExecServer newRelease;
    private ExecutorPool pool;

    @BeforeAll
    void startPeers() {
        oldRelease = ExecServer.start(CodexRelease.OLD);
        newRelease = ExecServer.start(CodexRelease.NEW);
        pool = new ExecutorPool(BridgeSettings.of(null, null,
                Map.of("old", URI.create(oldRelease.url()), "new", URI.create(newRelease.url()))));
    }

    @AfterAll
    void stopPeers() {
        if (pool != null) {
            pool.close();
        }
        if (oldRelease != null) {
            oldRelease.close();
        }
        if (newRelease != null) {
            newRelease.close();
        }
    }

    @Override
    protected Executor source() {
        return pool.resolve("old");
    }

    @Override
    protected Executor destination() {
        return pool.resolve("new");
    }
}
