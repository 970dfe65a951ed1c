package dev.exemux.tools.search;

import dev.exemux.local.LocalExecutor;
import java.nio.file.Path;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.tools.testing.TestResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
    @ValueSource(strings = {"rg", Engines.RG_SORTED, "grep", "walk"})
    void answersTheContract(String engine) throws Exception {
        SearchContract contract = new SearchContract(Engines.forEngine(local, engine), engine.equals(Engines.RG_SORTED) ? "rg" : engine);
        contract.check(SearchContract.tree(dir.resolve("tree")));
        contract.pages(dir.resolve("pages"));
    }

    /**
     * The twelve parameters, each with the description every property must have, cost about 950
     * characters of JSON before a word of prose: the ~700 asked for cannot be met, this is the floor kept.
     */
    @Test
    void itsDefinitionStaysSmall() {
        var d = new SearchFilesTool(TestResolver.of(local)).definition();
        int chars = d.description().length() + d.inputSchema().toString().length();
        assertTrue(chars <= 1150, "description + input schema: " + chars + " characters: " + d.inputSchema());
    }
}
