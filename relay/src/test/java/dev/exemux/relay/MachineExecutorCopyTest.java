package dev.exemux.relay;

import dev.exemux.executor.Executor;
import org.junit.jupiter.api.AfterAll;

/** The copy contract between two in-process executors on this machine. */
class MachineExecutorCopyTest extends CopyContract {

    private final MachineExecutor a = new MachineExecutor("a");
    private final MachineExecutor b = new MachineExecutor("b");

    @Override
    protected Executor source() {
        return a;
    }

    @Override
    protected Executor destination() {
        return b;
    }

    @AfterAll
    void close() {
        a.close();
        b.close();
    }
}
