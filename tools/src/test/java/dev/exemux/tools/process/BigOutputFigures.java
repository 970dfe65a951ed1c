package dev.exemux.tools.process;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.local.LocalExecutor;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figures in tools/README.md: exec_command of a command printing 1 GiB, followed with read_output
 * to the end, on local and on codex 0.169.0, in a small heap. Not part of the normal run:
 * {@code mvn -pl tools test -Dtest=BigOutputFigures -Dexemux.figures=true -DargLine=-Xmx128m}.
 */
@EnabledIfSystemProperty(named = "exemux.figures", matches = "true")
class BigOutputFigures {

    private static final long GIB = 1L << 30;

    @Test
    void oneGibibyteOfOutput() {
        LocalExecutor local = new LocalExecutor();
        try {
            report("local", "local", new TestResolver().add("local", local));
        } finally {
            local.shutdown();
        }
        try (ExecServer server = ExecServer.start(CodexRelease.NEW);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            report("codex 0.169.0", "codex", pool);
        }
    }

    private static void report(String name, String exeId, ExecutorResolver resolver) {
        ProcessTools processTools = ProcessTools.create(resolver);
        try (ToolHarness tools = ToolHarness.processTools(processTools)) {
            long start = System.nanoTime();
            Result r = tools.call("exec_command", "{\"exe_id\":\"" + exeId + "\",\"command\":\"head -c " + GIB
                    + " /dev/zero | tr '\\\\0' x\",\"yield_ms\":1000,\"timeout_ms\":600000}");
            ProcessSession session = processTools.registry().get(exeId, r.string("session_id"));
            long bytes = r.get("stdout_bytes").asLong();
            long maxHeld = session.heldBytes();
            long maxHeap = usedHeap();
            while (r.exitCode() == null) {
                r = tools.call("read_output", "{\"exe_id\":\"" + exeId + "\",\"session_id\":\"" + session.id()
                        + "\",\"yield_ms\":1000}");
                bytes += r.get("stdout_bytes").asLong();
                maxHeld = Math.max(maxHeld, session.heldBytes());
                maxHeap = Math.max(maxHeap, usedHeap());
            }
            double s = (System.nanoTime() - start) / 1e9;
            assertEquals(0, r.exitCode(), r.text());
            assertEquals(GIB, bytes);
            assertTrue(maxHeld <= 8 * ProcessTool.DEFAULT_MAX_OUTPUT_CHARS, "held " + maxHeld);
            System.out.printf("FIGURE %s: 1 GiB in %.1f s (%.0f MB/s); output buffers at most %d bytes; heap in use (sampled, garbage included) at most"
                            + " %d MiB (max heap %d MiB)%n", name, s, GIB / s / 1e6, maxHeld, maxHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
