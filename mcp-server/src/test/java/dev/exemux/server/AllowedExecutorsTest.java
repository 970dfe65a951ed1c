package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.UnknownExecutorException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedExecutorsTest {

    /** A resolver that records every id it is asked for (asking is what leads to a dial). */
    private static final class Recording implements ExecutorResolver {
        final List<String> asked = new ArrayList<>();
        boolean closed;

        @Override
        public Executor resolve(String exeId) {
            asked.add(exeId);
            if (!exeId.matches("[A-Za-z0-9._:-]+")) {
                throw new UnknownExecutorException(null, "malformed");
            }
            return (Executor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Executor.class},
                    (p, m, a) -> m.getName().equals("id") ? exeId : null);
        }

        @Override
        public List<ExecutorStatus> list() {
            return List.of(new ExecutorStatus("build-1", ExecutorStatus.State.CONNECTED, null, null),
                    new ExecutorStatus("local", ExecutorStatus.State.EMBEDDED, null, null),
                    new ExecutorStatus("prod-db", ExecutorStatus.State.IDLE, null, null));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void otherIdsAreRefusedBeforeTheResolverSeesThemWithThePatternsInTheMessage() {
        Recording inner = new Recording();
        ExecutorResolver r = AllowedExecutors.wrap(inner, new OperatorPolicy(false, List.of("build-*", "local")));
        assertEquals("build-7", r.resolve("build-7").id());
        assertEquals("local", r.resolve("local").id());
        for (String refused : List.of("prod-db", "build", "xbuild-1", "local2", "LOCAL")) {
            UnknownExecutorException e = assertThrows(UnknownExecutorException.class, () -> r.resolve(refused));
            assertTrue(e.getMessage().contains("'" + refused + "'") && e.getMessage().contains("build-*, local")
                    && e.getMessage().contains("EXEMUX_ALLOWED_EXE_IDS"), e.getMessage());
        }
        assertEquals(List.of("build-7", "local"), inner.asked, "refused ids never reach the resolver");
    }

    @Test
    void aMalformedIdKeepsTheResolversOwnExplanation() {
        Recording inner = new Recording();
        ExecutorResolver r = AllowedExecutors.wrap(inner, new OperatorPolicy(false, List.of("*")));
        UnknownExecutorException e = assertThrows(UnknownExecutorException.class, () -> r.resolve("../etc"));
        assertEquals("malformed", e.getMessage());
    }

    @Test
    void globsMatchWholeIdsAndTreatOtherCharactersLiterally() {
        AllowedExecutors a = new AllowedExecutors(new Recording(), List.of("gpu-?", "a.b", "ns:*"));
        assertTrue(a.allows("gpu-1"));
        assertFalse(a.allows("gpu-12"));
        assertTrue(a.allows("a.b"));
        assertFalse(a.allows("axb"), "'.' is literal");
        assertTrue(a.allows("ns:anything.here"));
        assertFalse(a.allows(null));
    }

    @Test
    void listShowsOnlyAllowedIdsAndCloseReachesTheResolver() {
        Recording inner = new Recording();
        ExecutorResolver r = AllowedExecutors.wrap(inner, new OperatorPolicy(false, List.of("build-*", "local")));
        assertEquals(List.of("build-1", "local"), r.list().stream().map(ExecutorStatus::exeId).toList());
        r.close();
        assertTrue(inner.closed);
    }

    @Test
    void withoutPatternsTheResolverIsUsedAsIs() {
        Recording inner = new Recording();
        assertSame(inner, AllowedExecutors.wrap(inner, OperatorPolicy.NONE));
    }
}
