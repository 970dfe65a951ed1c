package dev.exemux.tools.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorListing;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** list_executors' pattern, the gateway's last-seen times and its warnings, on a resolver that lists them. */
class ListExecutorsToolTest {

    private static final Instant SEEN = Instant.parse("2026-12-05T01:02:03Z");

    /** What a resolver with gateway discovery lists: a configured, a seen and a discovered executor, one warning. */
    private static ExecutorResolver resolver(List<String> warnings) {
        return new ExecutorResolver() {
            @Override
            public Executor resolve(String exeId) {
                throw new UnsupportedOperationException("list_executors resolves nothing");
            }

            @Override
            public List<ExecutorStatus> list() {
                return listing().executors();
            }

            @Override
            public ExecutorListing listing() {
                return new ExecutorListing(List.of(
                        new ExecutorStatus("local", ExecutorStatus.State.EMBEDDED, null, null),
                        new ExecutorStatus("build-2", ExecutorStatus.State.IDLE, null, null, SEEN),
                        new ExecutorStatus("build-1", ExecutorStatus.State.CONNECTED, null, null, SEEN),
                        new ExecutorStatus("db", ExecutorStatus.State.FAILING, "offline", null)), warnings);
            }

            @Override
            public void close() {}
        };
    }

    private static Result call(ExecutorResolver resolver, String args) {
        ToolHarness harness = new ToolHarness(List.of(new ListExecutorsTool(resolver)), () -> {});
        return harness.call("list_executors", args);
    }

    @Test
    void aPatternKeepsTheMatchingExeIdsWithWhenTheGatewaySawThem() {
        Result r = call(resolver(List.of()), "{\"pattern\":\"build-*\"}");
        JsonNode executors = r.get("executors");
        assertEquals(2, executors.size(), executors.toString());
        assertEquals("build-1", executors.get(0).path("exe_id").asText());
        assertEquals("connected", executors.get(0).path("state").asText());
        assertEquals(SEEN.toString(), executors.get(0).path("gateway_last_seen").asText());
        assertEquals("idle", executors.get(1).path("state").asText());
        assertTrue(r.text().startsWith("2 executors matching build-*:"), r.text());
        assertFalse(r.structured().has("warnings"));
        assertEquals(1, call(resolver(List.of()), "{\"pattern\":\"d?\"}").get("executors").size());
        JsonNode all = call(resolver(List.of()), "{}").get("executors");
        assertEquals(4, all.size());
        assertEquals("local", all.get(3).path("exe_id").asText());
        assertTrue(all.get(3).path("gateway_last_seen").isNull(), all.toString());
    }

    @Test
    void aPatternMatchingNothingSaysHowManyAreKnown() {
        Result r = call(resolver(List.of()), "{\"pattern\":\"web-*\"}");
        assertFalse(r.isError(), r.text());
        assertEquals(0, r.get("executors").size());
        assertTrue(r.text().contains("no executor matches web-* (4 known)"), r.text());
    }

    @Test
    void aRefusingGatewayIsAWarningNotAFailure() {
        Result r = call(resolver(List.of("the gateway at gw:443 refused to list its connected executors (HTTP 403).")), "{}");
        assertFalse(r.isError(), r.text());
        assertEquals(4, r.get("executors").size());
        assertEquals(1, r.get("warnings").size());
        assertTrue(r.text().contains("warning: the gateway at gw:443 refused"), r.text());
    }
}
