package dev.exemux.tools.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.local.LocalExecutor;
import dev.exemux.tools.files.FileTools;
import dev.exemux.tools.process.ProcessTools;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every tool, file or process, promises at its boundary: the same definitions rules and the same argument checks. */
class ToolBoundaryTest {

    /** A plausible value for each argument a tool needs, so only the argument under test is wrong. */
    private static final Map<String, Object> VALID = Map.ofEntries(
            Map.entry("path", "/tmp/exemux-boundary-test"), Map.entry("command", "true"), Map.entry("session_id", "s1"),
            Map.entry("input", ""), Map.entry("old_string", "a"), Map.entry("new_string", "b"), Map.entry("content", "x"),
            Map.entry("pattern", "x"),
            Map.entry("patch", "*** Begin Patch\n*** Delete File: /tmp/exemux-boundary-test\n*** End Patch"),
            Map.entry("src", "/tmp/exemux-boundary-a"), Map.entry("dst", "/tmp/exemux-boundary-b"));

    private final LocalExecutor local = new LocalExecutor();
    private final ProcessTools processTools = ProcessTools.create(new TestResolver().add("local", local));
    private final List<Tool> all = new ArrayList<>(FileTools.create(new TestResolver().add("local", local)));
    private final ToolHarness harness;

    ToolBoundaryTest() {
        all.addAll(processTools.tools());
        all.add(new dev.exemux.tools.search.SearchFilesTool(new TestResolver().add("local", local)));
        harness = new ToolHarness(all, processTools::close);
    }

    @AfterEach
    void tearDown() {
        harness.close();
        local.shutdown();
    }

    @Test
    void anUnexpectedFailureSaysWhatWithoutItsWholeMessageOrTrace() {
        ToolResult r = ToolErrors.toResult("some_tool", new IllegalStateException("quoted input " + "x".repeat(100_000)));
        assertTrue(r.isError());
        assertTrue(r.text().startsWith("some_tool failed unexpectedly (IllegalStateException: quoted input xxx"), r.text());
        assertTrue(r.text().length() < ToolErrors.MAX_MESSAGE + 200, "bounded: " + r.text().length());
        assertFalse(r.text().contains("\tat "), "no stack trace");
    }

    @Test
    void everyDefinitionIsCompleteAndClosed() {
        Set<String> names = new HashSet<>();
        for (Tool tool : all) {
            ToolDefinition d = tool.definition();
            assertTrue(names.add(d.name()) && d.name().matches("[a-z]+(_[a-z]+)*"), d.name());
            assertFalse(d.title().isBlank() || d.description().isBlank(), d.name());
            assertEquals(false, d.inputSchema().path("additionalProperties").asBoolean(true), d.name() + " refuses unknown arguments");
            assertEquals("object", d.outputSchema().path("type").asText(), d.name());
            for (JsonNode schema : List.of(d.inputSchema(), d.outputSchema())) {
                schema.path("properties").fields().forEachRemaining(p ->
                        assertTrue(p.getValue().hasNonNull("description"), d.name() + "." + p.getKey() + " is described"));
                schema.path("required").forEach(r ->
                        assertTrue(schema.path("properties").has(r.asText()), d.name() + " declares required " + r));
            }
            assertFalse(d.readOnly() && d.destructive(), d.name());
        }
        assertEquals(18, names.size(), names.toString());
    }

    @Test
    void everyToolRefusesAnUnknownArgumentTheSameWay() {
        for (Tool tool : all) {
            String name = tool.definition().name();
            Result r = harness.call(name, validArgs(tool).put("bogus", 1));
            assertTrue(r.isError(), name);
            assertTrue(r.text().startsWith("Unknown argument 'bogus' for " + name + "; it takes "), r.text());
            Result huge = harness.call(name, validArgs(tool).put("y".repeat(100_000), 1));
            assertTrue(huge.isError() && huge.text().length() < 1000, name + " does not echo a huge name whole");
        }
    }

    @Test
    void everyToolRefusesAMalformedExeIdTheSameWayWithoutEchoingIt() {
        String hostile = "bad id; rm -rf /" + "x".repeat(10_000);
        for (Tool tool : all) {
            if (!tool.definition().inputSchema().path("properties").has("exe_id")) {
                continue;
            }
            String name = tool.definition().name();
            Result r = harness.call(name, validArgs(tool).put("exe_id", hostile));
            assertTrue(r.isError(), name);
            assertTrue(r.text().startsWith("Invalid argument 'exe_id': "), name + ": " + r.text());
            assertTrue(r.text().contains("list_executors"), name + ": " + r.text());
            assertFalse(r.text().contains("rm -rf"), name + ": " + r.text());
        }
    }

    @Test
    void hugeWrongValuesAreNotEchoedWhole() {
        String huge = "z".repeat(100_000);
        List<Result> results = List.of(
                harness.call("read_file", validArgs(harness.tool("read_file")).put("encoding", huge)),
                harness.call("edit_file", validArgs(harness.tool("edit_file")).put("expected_sha256", huge)),
                harness.call("exec_command", validArgs(harness.tool("exec_command")).set("env",
                        ToolHarness.JSON.createObjectNode().put(huge + "=", "v"))),
                harness.call("kill_process", validArgs(harness.tool("kill_process")).put("signal", huge)));
        for (Result r : results) {
            assertTrue(r.isError() && r.text().length() < 1000, r.text().length() + " chars");
        }
    }

    @Test
    void fileAndProcessToolsCheckPathsAlike() {
        for (String bad : new String[] {"relative/dir", "", "/tmp/a\u0000b", "x".repeat(5000)}) {
            Result path = harness.call("stat_path", validArgs(harness.tool("stat_path")).put("path", bad));
            Result cwd = harness.call("exec_command", validArgs(harness.tool("exec_command")).put("cwd", bad));
            assertTrue(path.isError() && cwd.isError(), bad);
            assertEquals(path.text().replace("'path'", "'cwd'"), cwd.text());
            assertTrue(cwd.text().length() < 400, cwd.text());
        }
    }

    private static ObjectNode validArgs(Tool tool) {
        JsonNode properties = tool.definition().inputSchema().path("properties");
        ObjectNode args = ToolHarness.JSON.createObjectNode();
        if (properties.has("exe_id")) {
            args.put("exe_id", "local");
        }
        VALID.forEach((field, value) -> {
            if (properties.has(field)) {
                args.set(field, ToolHarness.JSON.valueToTree(value));
            }
        });
        return args;
    }
}
