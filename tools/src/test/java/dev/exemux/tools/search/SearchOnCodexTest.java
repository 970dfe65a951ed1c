package dev.exemux.tools.search;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.bridge.BridgeSettings;
import dev.exemux.bridge.ExecutorPool;
import dev.exemux.executor.Executor;
import dev.exemux.local.LocalExecutor;
import dev.exemux.testing.ExecServer;
import dev.exemux.tools.testing.TestContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * search_files on real codex exec-servers, an old release (no fs/walk, no sizes) and a new one, with
 * each engine; and a 100,000-file tree made on the executor.
 */
class SearchOnCodexTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")
    void everyEngineGivesTheSameAnswers(String version) throws Exception {
        try (ExecServer server = ExecServer.start(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            Path tree = SearchContract.tree(dir.resolve("tree"));
            for (String engine : Engines.ALL) {
                SearchContract contract = new SearchContract(Engines.forEngine(pool.resolve("codex"), engine), engine);
                contract.check(tree);
                contract.pages(Files.createDirectories(dir.resolve("pages-" + engine)));
            }
        }
    }

    @ParameterizedTest(name = "codex {0}")
    @MethodSource("dev.exemux.testing.CodexRelease#newOnly")
    void searchesAHundredThousandFilesWithinItsBudget(String version) throws Exception {
        try (ExecServer server = ExecServer.start(version);
             ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("codex", URI.create(server.url()))))) {
            hundredThousandFiles(pool.resolve("codex"), dir);
        }
    }

    @Test
    void searchesAHundredThousandFilesOnLocal() throws Exception {
        LocalExecutor local = new LocalExecutor();
        try {
            hundredThousandFiles(local, dir);
        } finally {
            local.shutdown();
        }
    }

    /** rg and grep find the three needles among 100,000 files within a call's budget; the walk returns by its deadlines and resumes. */
    static void hundredThousandFiles(Executor executor, Path dir) throws Exception {
        Path root = dir.resolve("big");
        Files.createDirectories(root);
        // Made on the executor with one shell command: 100 directories of 1,000 small files.
        dev.exemux.executor.ProcessRunner.Result made = dev.exemux.executor.Await.result(dev.exemux.executor.ProcessRunner.run(executor,
                List.of("/bin/sh", "-c", "cd \"$0\" && for d in $(seq -w 0 99); do mkdir d$d && (cd d$d && seq -w 0 999"
                        + " | split -l 1 -d -a 3 --additional-suffix=.txt - f); done"
                        + " && echo needle > d07/f123.txt && echo 'a needle' > d42/f000.txt && echo needle > d99/f999.txt", root.toString())),
                Duration.ofMinutes(5), executor.id(), "making the tree");
        assertTrue(made.succeeded(), made.stderr());
        for (String engine : List.of("rg", "grep")) {
            SearchContract contract = new SearchContract(Engines.forEngine(executor, engine), engine);
            // A generous deadline: on a loaded machine grep's find | sort | xargs over 100,000 files can take
            // longer than the default call budget, and what is checked here is the answer, not the speed.
            ObjectNode args = contract.tools().args(executor.id()).put("path", root.toString()).put("pattern", "needle");
            Result r = contract.tools().call("search_files", new TestContext(Duration.ofMinutes(5)), args);
            assertFalse(r.get("stopped_at_deadline").asBoolean(), r.text());
            assertEquals(List.of("d07/f123.txt:1: needle", "d42/f000.txt:1: a needle", "d99/f999.txt:1: needle"),
                    SearchContract.lines(r), engine);
            assertEquals(engine, r.string("engine"));
            Result files = contract.tools().call("search_files", new TestContext(Duration.ofMinutes(5)),
                    contract.tools().args(executor.id()).put("path", root.toString()).put("pattern", "f12?.txt")
                            .put("mode", "files").put("max_results", 2000));
            assertEquals(1000, files.get("results").size(), engine);
            assertEquals(1000, files.get("returned").asInt(), engine);
            assertEquals(0, files.get("more").asInt(), engine);
        }
        // The walk lists every directory and stats and reads each file the glob lets through (300 of them, moved
        // through exemux: reading all 100,000 takes minutes on a remote release). With 3 s per call it may or may
        // not finish; each call returns by its deadline, and its cursor continues the walk until the answer is complete.
        SearchContract walk = new SearchContract(Engines.forEngine(executor, "walk"), "walk");
        List<String> found = new java.util.ArrayList<>();
        String cursor = null;
        int calls = 0;
        do {
            TestContext threeSeconds = new TestContext(Duration.ofSeconds(3));
            ObjectNode args = walk.tools().args(executor.id()).put("path", root.toString()).put("pattern", "needle")
                    .put("glob", "f{000,123,999}.txt");
            if (cursor != null) {
                args.put("cursor", cursor);
            }
            Result page = walk.tools().call("search_files", threeSeconds, args);
            assertTrue(Instant.now().isBefore(threeSeconds.deadline().plusSeconds(10)), "returned about at its deadline");
            found.addAll(SearchContract.lines(page));
            assertEquals(page.get("stopped_at_deadline").asBoolean(), !page.get("cursor").isNull(), page.text());
            cursor = page.get("cursor").isNull() ? null : page.string("cursor");
        } while (cursor != null && ++calls < 500);
        assertEquals(List.of("d07/f123.txt:1: needle", "d42/f000.txt:1: a needle", "d99/f999.txt:1: needle"), found);
    }
}
