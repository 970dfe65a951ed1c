package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolDefinition;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ToolCatalogTest {

    /** The tool names are the interface (issue 3); each lands with its branch. */
    static final Set<String> FILE_TOOLS = Set.of("read_file", "write_file", "edit_file", "list_directory", "stat_path",
            "make_directory", "remove_path", "apply_patch", "move_path");
    static final Set<String> PROCESS_TOOLS = Set.of("list_executors", "exec_command", "write_stdin", "read_output",
            "kill_process", "list_sessions", "exec_many", "wait_sessions");

    private static ToolCatalog assemble() {
        ExemuxConfig config = ExemuxConfig.fromEnvironment(Map.of());
        ExecutorResolver resolver = Launcher.resolver(config);
        return ToolCatalog.assemble(resolver, config);
    }

    @Test
    void offersTheToolsOfTheInterface() {
        try (ToolCatalog catalog = assemble()) {
            Set<String> names = new TreeSet<>(catalog.tools().stream().map(t -> t.definition().name()).toList());
            assertTrue(names.containsAll(FILE_TOOLS), names.toString());
            assertTrue(names.containsAll(PROCESS_TOOLS), names.toString());
            assertTrue(names.containsAll(Set.of("copy_path", "copy_status")), names.toString());
            assertEquals(ORDER.size(), names.size(), names.toString());
        }
    }

    /** tools/list in this order, always: clients cache it, and a reordered list looks like a changed one. */
    static final List<String> ORDER = List.of("exec_command", "write_stdin", "read_output", "kill_process", "list_sessions",
            "list_executors", "exec_many", "wait_sessions", "read_file", "write_file", "edit_file", "list_directory", "stat_path", "make_directory",
            "remove_path", "apply_patch", "move_path", "search_files", "copy_path", "copy_status");

    /** What a model pays to see every tool: descriptions and input schemas together, in tokens (chars / 4). */
    static final int TOKEN_BUDGET = 5_500;

    @Test
    void theToolListHasAFixedOrder() {
        try (ToolCatalog catalog = assemble()) {
            assertEquals(ORDER, catalog.tools().stream().map(t -> t.definition().name()).toList());
        }
    }

    @Test
    void theToolSurfaceStaysWithinItsTokenBudget() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder perTool = new StringBuilder();
        long chars = 0;
        try (ToolCatalog catalog = assemble()) {
            for (Tool tool : catalog.tools()) {
                ToolDefinition d = tool.definition();
                int c = d.description().length() + mapper.writeValueAsString(d.inputSchema()).length();
                chars += c;
                perTool.append(String.format("%n  %-15s %5d chars", d.name(), c));
            }
        }
        long tokens = chars / 4;
        assertTrue(tokens <= TOKEN_BUDGET, "descriptions + input schemas take " + tokens + " tokens (" + chars
                + " chars / 4), over the budget of " + TOKEN_BUDGET + ":" + perTool);
    }

    @Test
    void everySchemaIsValidJsonSchema() {
        // The server skips the SDK's start-up schema check (LazySchemaValidator); this is that check.
        JsonSchemaValidator validator = new DefaultJsonSchemaValidator();
        ObjectMapper mapper = new ObjectMapper();
        try (ToolCatalog catalog = assemble()) {
            for (Tool tool : catalog.tools()) {
                ToolDefinition d = tool.definition();
                assertNotNull(d.outputSchema(), d.name() + " has an output schema");
                for (var schema : List.of(d.inputSchema(), d.outputSchema())) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = mapper.convertValue(schema, Map.class);
                    var response = validator.validateSchema(map);
                    assertTrue(response.valid(), d.name() + ": " + response.errorMessage());
                    assertEquals("object", map.get("type"), d.name());
                }
                assertFalse(d.description().isBlank(), d.name());
                assertFalse(d.readOnly() && d.destructive(), d.name() + " cannot be read-only and destructive");
            }
        }
    }

    @Test
    void readOnlyModeKeepsOnlyToolsThatChangeNothing() {
        try (ToolCatalog catalog = assemble()) {
            List<Tool> readOnly = catalog.tools(true);
            assertTrue(readOnly.stream().allMatch(t -> t.definition().readOnly()));
            Set<String> names = new TreeSet<>(readOnly.stream().map(t -> t.definition().name()).toList());
            assertTrue(names.containsAll(Set.of("read_file", "stat_path", "list_directory")), names.toString());
            assertFalse(names.contains("write_file") || names.contains("exec_many"));
            assertTrue(names.contains("wait_sessions"), names.toString());
        }
    }
}
