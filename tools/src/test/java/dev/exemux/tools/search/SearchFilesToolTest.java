package dev.exemux.tools.search;

import dev.exemux.local.LocalExecutor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** search_files on the embedded local executor, with each engine. */
class SearchFilesToolTest {

    static LocalExecutor local;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        local = new LocalExecutor();
    }

    @AfterAll
    static void stop() {
        local.shutdown();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rg", "grep", "walk"})
    void answersTheContract(String engine) throws Exception {
        SearchContract contract = new SearchContract(Engines.forEngine(local, engine, dir), engine);
        contract.check(SearchContract.tree(dir.resolve("tree")));
        contract.pages(dir.resolve("pages"));
    }
}
