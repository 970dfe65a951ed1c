package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import dev.exemux.tools.spi.Tool;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls the file tools the way mcp-server will, and checks every result against its declared schema. */
final class ToolHarness {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final Map<String, Executor> executors = new LinkedHashMap<>();
    Duration timeout = Duration.ofSeconds(30);

    ToolHarness(Executor... served) {
        for (Executor e : served) {
            executors.put(e.id(), e);
        }
        ExecutorResolver resolver = new ExecutorResolver() {
            @Override
            public Executor resolve(String exeId) {
                Executor e = executors.get(exeId);
                if (e == null) {
                    throw new UnknownExecutorException(exeId, "Unknown exe_id '" + exeId + "'. Known: " + executors.keySet() + ".");
                }
                return e;
            }

            @Override
            public List<ExecutorStatus> list() {
                return executors.values().stream().map(Executor::status).toList();
            }

            @Override
            public void close() {}
        };
        for (Tool t : FileTools.create(resolver)) {
            tools.put(t.definition().name(), t);
        }
    }

    Tool tool(String name) {
        return tools.get(name);
    }

    /** {@code args} is JSON with single quotes for readability. */
    ToolResult call(String name, String args) {
        try {
            return call(name, (ObjectNode) JSON.readTree(args.replace('\'', '"')));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    ToolResult call(String name, ObjectNode args) {
        Instant deadline = Instant.now().plus(timeout);
        ToolResult r = tools.get(name).call(args, new ToolContext() {
            @Override
            public Instant deadline() {
                return deadline;
            }

            @Override
            public void progress(double progress, Double total, String message) {}

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public void onCancel(Runnable action) {}
        });
        assertNotNull(r.text());
        assertFalse(r.text().contains("\tat "), "no stack trace in: " + r.text());
        if (r.isError()) {
            assertNull(r.structured());
        } else {
            SchemaCheck.validate(r.structured(), tools.get(name).definition().outputSchema());
        }
        return r;
    }

    ObjectNode args(String exeId) {
        return JSON.createObjectNode().put("exe_id", exeId);
    }
}
