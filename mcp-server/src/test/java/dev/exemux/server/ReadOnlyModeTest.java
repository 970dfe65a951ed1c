package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyModeTest {

    @TempDir
    Path dir;

    private static ToolCatalog catalog(Map<String, String> env) {
        ExemuxConfig config = ExemuxConfig.fromEnvironment(env);
        ExecutorResolver resolver = Launcher.resolver(config);
        return ToolCatalog.assemble(resolver, config);
    }

    private static Set<String> listed(ToolCatalog c) {
        return new TreeSet<>(c.tools().stream().map(t -> t.definition().name()).filter(c::listed).toList());
    }

    @Test
    void onlyToolsThatChangeNothingAreListed() {
        try (ToolCatalog all = catalog(Map.of()); ToolCatalog ro = catalog(Map.of("EXEMUX_READ_ONLY", "1"))) {
            Set<String> readOnly = new TreeSet<>(all.tools().stream().filter(t -> t.definition().readOnly())
                    .map(t -> t.definition().name()).toList());
            assertEquals(readOnly, listed(ro));
            assertTrue(readOnly.containsAll(Set.of("read_file", "stat_path", "list_directory", "list_executors")), readOnly.toString());
            assertFalse(readOnly.contains("write_file") || readOnly.contains("exec_command") || readOnly.contains("remove_path"));
            assertEquals(listed(all).size(), all.tools().size(), "without read-only mode every tool is listed");
            assertEquals(all.tools().size(), ro.tools().size(), "refused tools are still served, to say why");
        }
    }

    @Test
    void aToolThatChangesThingsIsRefusedWhateverItsArgumentsAndChangesNothing() throws Exception {
        Path file = dir.resolve("f.txt");
        try (ToolCatalog ro = catalog(Map.of("EXEMUX_READ_ONLY", "true"))) {
            for (Tool t : ro.tools()) {
                if (ro.listed(t.definition().name())) {
                    continue;
                }
                var args = JsonNodeFactory.instance.objectNode().put("exe_id", "local").put("path", file.toString())
                        .put("content", "x").put("command", "touch " + file);
                ToolResult r = t.call(args, null);
                assertTrue(r.isError(), t.definition().name());
                assertTrue(r.text().contains("read-only mode is on") && r.text().contains("EXEMUX_READ_ONLY"), r.text());
            }
        }
        assertFalse(Files.exists(file));
    }
}
