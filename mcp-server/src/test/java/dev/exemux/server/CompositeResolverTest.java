package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import dev.exemux.local.LocalExecutor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompositeResolverTest {

    /** A remote resolver that records which ids it was asked for. */
    private static final class RecordingRemote implements ExecutorResolver {
        final List<String> asked = new ArrayList<>();

        @Override
        public Executor resolve(String exeId) {
            asked.add(exeId);
            return (Executor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Executor.class},
                    (p, m, a) -> m.getName().equals("id") ? exeId : null);
        }

        @Override
        public List<ExecutorStatus> list() {
            return List.of(new ExecutorStatus("seen", ExecutorStatus.State.CONNECTED, null, null));
        }

        @Override
        public void close() {}
    }

    @Test
    void unknownIdsAreRefusedNamingTheIdsThatExist() {
        RecordingRemote remote = new RecordingRemote();
        try (CompositeResolver r = new CompositeResolver(LocalExecutor::new, () -> remote, List.of("a", "b"), false)) {
            UnknownExecutorException e = assertThrows(UnknownExecutorException.class, () -> r.resolve("c"));
            assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("local, a, b"), e.getMessage());
            e = assertThrows(UnknownExecutorException.class, () -> r.resolve("../x"));
            assertTrue(e.getMessage().contains("local, a, b"), e.getMessage());
            assertEquals(List.of(), remote.asked, "nothing dialed for a bad id");
        }
    }

    @Test
    void localGoesToTheEmbeddedExecutorAndOthersToThePool() {
        RecordingRemote remote = new RecordingRemote();
        try (CompositeResolver r = new CompositeResolver(LocalExecutor::new, () -> remote, List.of("a"), false)) {
            Executor local = r.resolve("local");
            assertEquals("local", local.id());
            assertSame(local, r.resolve("local"));
            assertEquals("a", r.resolve("a").id());
            assertEquals(List.of("a"), remote.asked);
        }
    }

    @Test
    void withAGatewayAnyWellFormedIdIsTriedThere() {
        RecordingRemote remote = new RecordingRemote();
        try (CompositeResolver r = new CompositeResolver(null, () -> remote, List.of(), true)) {
            assertEquals("anything-1", r.resolve("anything-1").id());
            // With the embedded executor off, 'local' is just another id of the workspace.
            assertEquals("local", r.resolve("local").id());
            assertEquals(List.of("anything-1", "local"), remote.asked);
            UnknownExecutorException e = assertThrows(UnknownExecutorException.class, () -> r.resolve(""));
            assertTrue(e.getMessage().contains("gateway"), e.getMessage());
        }
    }

    @Test
    void nothingIsBuiltUntilFirstUse() {
        AtomicInteger built = new AtomicInteger();
        try (CompositeResolver r = new CompositeResolver(() -> {
            built.incrementAndGet();
            return new LocalExecutor();
        }, () -> {
            built.incrementAndGet();
            return new RecordingRemote();
        }, List.of("a"), false)) {
            List<ExecutorStatus> listed = r.list();
            assertEquals(List.of("local", "a"), listed.stream().map(ExecutorStatus::exeId).toList());
            assertEquals(ExecutorStatus.State.EMBEDDED, listed.get(0).state());
            assertEquals(ExecutorStatus.State.IDLE, listed.get(1).state());
            assertEquals(0, built.get(), "list() before any use builds nothing");
            r.resolve("a");
            assertEquals(List.of("local", "seen"), r.list().stream().map(ExecutorStatus::exeId).toList());
        }
    }
}
