package dev.exemux.tools.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Executor;
import dev.exemux.tools.files.FileTools;
import dev.exemux.tools.process.ProcessTools;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls tools the way mcp-server does and checks what a client would: every result has text and no
 * stack trace, an error carries no structured content, and every success matches the tool's output
 * schema.
 */
public final class ToolHarness implements AutoCloseable {

    /** Reads arguments written with single quotes too, for readability: {@code {'exe_id':'local'}}. */
    public static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final Runnable onClose;

    public ToolHarness(List<Tool> tools, Runnable onClose) {
        for (Tool t : tools) {
            this.tools.put(t.definition().name(), t);
        }
        this.onClose = onClose;
    }

    /** The file tools on {@code executors}, each under its own id. */
    public static ToolHarness fileTools(Executor... executors) {
        return new ToolHarness(FileTools.create(TestResolver.of(executors)), () -> { });
    }

    /** {@code processTools}' tools; closing the harness closes them. */
    public static ToolHarness processTools(ProcessTools processTools) {
        return new ToolHarness(processTools.tools(), processTools::close);
    }

    public Tool tool(String name) {
        return tools.get(name);
    }

    /** Arguments to build on: just the exe_id. */
    public ObjectNode args(String exeId) {
        return JSON.createObjectNode().put("exe_id", exeId);
    }

    public Result call(String tool, String argsJson) {
        return call(tool, TestContext.standard(), argsJson);
    }

    public Result call(String tool, ToolContext ctx, String argsJson) {
        try {
            return call(tool, ctx, (ObjectNode) JSON.readTree(argsJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(argsJson, e);
        }
    }

    public Result call(String tool, ObjectNode args) {
        return call(tool, TestContext.standard(), args);
    }

    public Result call(String tool, ToolContext ctx, ObjectNode args) {
        Tool t = tools.get(tool);
        ToolResult r = t.call(args, ctx);
        assertNotNull(r.text());
        assertFalse(r.text().contains("\tat "), "no stack trace in: " + r.text());
        if (r.isError()) {
            assertNull(r.structured(), r.text());
        } else {
            assertEquals(List.of(), SchemaCheck.problems(t.definition().outputSchema(), r.structured()), r.text());
        }
        return new Result(r);
    }

    @Override
    public void close() {
        onClose.run();
    }

    /** A checked result, with shortcuts into its structured content. */
    public record Result(ToolResult raw) {

        public String text() {
            return raw.text();
        }

        public boolean isError() {
            return raw.isError();
        }

        public ObjectNode structured() {
            return raw.structured();
        }

        /** A field of the structured content; asserts the call succeeded. */
        public JsonNode get(String field) {
            assertFalse(raw.isError(), raw.text());
            return raw.structured().get(field);
        }

        public String string(String field) {
            return get(field).asText();
        }

        /** {@code exit_code}, null while the process runs. */
        public Integer exitCode() {
            JsonNode v = get("exit_code");
            return v.isNull() ? null : v.asInt();
        }
    }
}
