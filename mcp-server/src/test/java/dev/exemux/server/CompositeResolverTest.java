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

    @Test
    void theGatewaysConnectedExecutorsAreListedBesideTheKnownOnes() {
        RecordingRemote remote = new RecordingRemote();
        try (dev.exemux.testing.TestGateway gateway = dev.exemux.testing.TestGateway.start("tok")) {
            gateway.route("seen", "ws://127.0.0.1:9", null).route("build-7", "ws://127.0.0.1:9", null)
                    .route("local", "ws://127.0.0.1:9", null);
            java.net.URI bridge = java.net.URI.create(gateway.bridgeUrl());
            try (CompositeResolver r = new CompositeResolver(LocalExecutor::new, () -> remote, List.of(), true,
                    () -> new dev.exemux.bridge.GatewayDirectory(bridge, "tok", "ws-1"))) {
                r.resolve("seen"); // the pool now exists and lists it as connected
                List<ExecutorStatus> listed = r.list();
                assertEquals(List.of("local", "seen", "build-7"), listed.stream().map(ExecutorStatus::exeId).toList());
                assertEquals(ExecutorStatus.State.EMBEDDED, listed.get(0).state(), "'local' stays the embedded one");
                assertEquals(null, listed.get(0).gatewayLastSeen());
                assertEquals(ExecutorStatus.State.CONNECTED, listed.get(1).state());
                assertTrue(listed.get(1).gatewayLastSeen() != null);
                assertEquals(ExecutorStatus.State.IDLE, listed.get(2).state());
                assertEquals(List.of(), r.listing().warnings());
                assertEquals(List.of(), remote.asked.stream().filter(id -> !id.equals("seen")).toList(), "nothing dialed");
            }
            try (CompositeResolver refused = new CompositeResolver(null, () -> remote, List.of(), true,
                    () -> new dev.exemux.bridge.GatewayDirectory(bridge, "wrong", "ws-1"))) {
                assertEquals(1, refused.listing().warnings().size());
                assertTrue(refused.listing().warnings().get(0).contains("HTTP 401"));
            }
        }
    }
}
