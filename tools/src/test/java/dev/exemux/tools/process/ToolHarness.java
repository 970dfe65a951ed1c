package dev.exemux.tools.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Calls the process tools the way the MCP server does, checking every successful result against its output schema. */
final class ToolHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ProcessTools processTools;
    private final Map<String, Tool> tools;

    ToolHarness(ExecutorResolver resolver, ProcessTools.Settings settings) {
        processTools = ProcessTools.create(resolver, settings);
        tools = processTools.tools().stream().collect(Collectors.toMap(t -> t.definition().name(), Function.identity()));
    }

    Result call(String tool, ToolContext ctx, String argsJson) {
        Tool t = tools.get(tool);
        ObjectNode args;
        try {
            args = (ObjectNode) JSON.readTree(argsJson);
        } catch (IOException e) {
            throw new IllegalArgumentException(argsJson, e);
        }
        ToolResult r = t.call(args, ctx);
        assertNotNull(r.text());
        assertFalse(r.text().contains("\tat "), "no stack trace: " + r.text());
        if (!r.isError()) {
            assertEquals(List.of(), SchemaCheck.problems(t.definition().outputSchema(), r.structured()), r.text());
        }
        return new Result(r);
    }

    Result call(String tool, String argsJson) {
        return call(tool, TestContext.standard(), argsJson);
    }

    @Override
    public void close() {
        processTools.close();
    }

    record Result(ToolResult raw) {
        String text() {
            return raw.text();
        }

        boolean isError() {
            return raw.isError();
        }

        JsonNode get(String field) {
            assertFalse(raw.isError(), raw.text());
            return raw.structured().get(field);
        }

        String string(String field) {
            return get(field).asText();
        }

        Integer exitCode() {
            JsonNode v = get("exit_code");
            return v.isNull() ? null : v.asInt();
        }
    }
}
