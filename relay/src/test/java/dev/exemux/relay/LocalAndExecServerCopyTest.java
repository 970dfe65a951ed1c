package dev.exemux.relay;

import dev.exemux.testing.CodexRelease;
import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.local.LocalExecutor;
import dev.exemux.testing.ExecServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The copy contract from a real codex exec-server (0.169) to the embedded {@code local} executor. */
class LocalAndExecServerCopyTest extends CopyContract {

    private ExecServer peer;
    private ExecutorPool pool;
    private LocalExecutor local;

    @BeforeAll
    void startPeers() {
        peer = ExecServer.start(CodexRelease.NEW);
        pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("remote", URI.create(peer.url()))));
        local = new LocalExecutor();
    }

    @AfterAll
    void stopPeers() {
        if (local != null) {
            local.shutdown();
        }
        if (pool != null) {
            pool.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Override
    protected boolean autoMayUseRelay() {
        return false;
    }

    @Override
    protected Executor source() {
        return pool.resolve("remote");
    }

    @Override
    protected Executor destination() {
        return local;
    }
}
