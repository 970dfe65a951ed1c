package dev.exemux.tools.files;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures in tools/README.md: read_file offset -50 on a 1 GiB log, on local and on two codex
 * releases. Not part of the normal run (it writes 1 GiB):
 * {@code mvn -pl tools test -Dtest=TailReadFigures -Dexemux.figures=true}.
 */
@EnabledIfSystemProperty(named = "exemux.figures", matches = "true")
class TailReadFigures {

    @TempDir
    Path dir;

    @Test
    void lastFiftyLinesOfOneGibibyte() throws IOException {
        Path log = dir.resolve("huge.log");
        long lines = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            while (lines * 32 < (1L << 30)) {
                out.write(String.format("%031d\n", ++lines).getBytes(StandardCharsets.US_ASCII));
            }
        }
        report("local", ForwardingExecutor.local(), log, lines);
        for (String version : new String[] {CodexRelease.OLD, CodexRelease.NEW}) {
            try (ExecServer server = ExecServer.start(version);
                 ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
                report("codex " + version, new ForwardingExecutor(pool.resolve("codex")), log, lines);
            }
        }
    }

    private static void report(String name, ForwardingExecutor executor, Path log, long lines) throws IOException {
        ToolHarness tools = ToolHarness.fileTools(executor);
        String args = "{'exe_id':'" + executor.id() + "','path':'" + log + "','offset':-50}";
        tools.call("read_file", args); // warm-up: connection, JIT
        executor.bytesRead.set(0);
        long start = System.nanoTime();
        Result r = tools.call("read_file", args);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.isError(), r.text());
        assertEquals(String.format("    -1\t%031d", lines), r.structured().get("content").asText().split("\n")[49]);
        System.out.printf("%-14s file %d bytes: last 50 lines in %d ms, %d bytes moved%n",
                name, Files.size(log), ms, executor.bytesRead.get());
        executor.shutdown();
    }
}
