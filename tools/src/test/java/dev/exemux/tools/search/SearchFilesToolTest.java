package dev.exemux.tools.search;

import dev.exemux.local.LocalExecutor;
import java.nio.file.Path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness.Result;
import dev.exemux.tools.text.PathOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    @ValueSource(strings = {"rg", RG_SORTED, "grep", "walk"})
    void answersTheContract(String engine) throws Exception {
        SearchContract contract = contract(engine);
        contract.check(SearchContract.tree(dir.resolve("tree")));
        contract.pages(dir.resolve("pages"));
    }

    /** rg whose unsorted output is never held: rg sorting by path, what runs when the output is large. */
    static final String RG_SORTED = "rg sorting by path";

    private static SearchContract contract(String engine) throws Exception {
        return engine.equals(RG_SORTED) ? new SearchContract(Engines.forEngine(local, "rg"), "rg", 0)
                : new SearchContract(Engines.forEngine(local, engine), engine);
    }

    /**
     * rg (its unsorted output put in order here, and rg sorting by path) on 3,000 matching files in
     * sibling directories: read in pages of 2,000 results, every match comes once, in walk order ('/' first:
     * {@code d-x} after {@code d/...}), and the count of what follows is right on each page.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rg", RG_SORTED})
    void pagesThroughManyFilesInWalkOrder(String engine) throws Exception {
        Path root = dir.resolve("many");
        List<String> expected = new ArrayList<>();
        String longName = "x".repeat(60);
        for (String d : List.of("d", "d-x", "d.x")) {
            for (int f = 0; f < 1000; f++) {
                String relative = d + "/" + longName + String.format("%04d", f) + ".txt";
                SearchContract.write(root, relative, "needle\nother\nneedle again\n");
                expected.add(relative + ":1: needle");
                expected.add(relative + ":3: needle again");
            }
        }
        SearchContract.write(root, "d/sub/" + longName + ".txt", "a needle\n");
        expected.add("d/sub/" + longName + ".txt:1: a needle"); // after every d/x... file, before d-x/
        expected.sort(Comparator.comparing(line -> line.substring(0, line.indexOf(':')), PathOrder.COMPARATOR)); // stable: lines stay in order
        SearchContract contract = contract(engine);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Result page = contract.search(root.toString(), "needle", ", 'max_results': 2000" + (cursor == null ? "" : ", 'cursor': '" + cursor + "'"));
            assertEquals("rg", page.string("engine"));
            List<String> lines = SearchContract.lines(page);
            seen.addAll(lines);
            assertEquals(expected.size() - seen.size(), page.get("more").asInt(), page.text().substring(0, 200));
            cursor = page.get("cursor").isNull() ? null : page.string("cursor");
        } while (cursor != null && ++pages < 20);
        assertEquals(expected, seen);
    }

    /**
     * A step of the walk that outlasts the call (here a listing that never answers) ends the page at the
     * deadline with what was found and a cursor, not with an error; the cursor then continues the walk.
     */
    @Test
    void aWalkStepThatOutlastsTheCallEndsThePageWithACursor() throws Exception {
        Path root = dir.resolve("slow");
        SearchContract.write(root, "a/one.txt", "needle\n");
        SearchContract.write(root, "b/two.txt", "needle\n");
        dev.exemux.executor.Executor walk = Engines.forEngine(local, "walk");
        String stuck = root.resolve("b").toString();
        dev.exemux.executor.Executor stalling = (dev.exemux.executor.Executor) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.exemux.executor.Executor.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listDirectory") && stuck.equals(args[0])) {
                        return new java.util.concurrent.CompletableFuture<>(); // never answers
                    }
                    try {
                        return method.invoke(walk, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SearchContract slow = new SearchContract(stalling, "walk");
        Result first = slow.tools().call("search_files", new dev.exemux.tools.testing.TestContext(java.time.Duration.ofSeconds(3)),
                slow.tools().args(stalling.id()).put("path", root.toString()).put("pattern", "needle"));
        assertEquals(List.of("a/one.txt:1: needle"), SearchContract.lines(first));
        assertTrue(first.get("stopped_at_deadline").asBoolean(), first.text());
        SearchContract rest = new SearchContract(walk, "walk");
        Result second = rest.search(root.toString(), "needle", ", 'cursor': '" + first.string("cursor") + "'");
        assertEquals(List.of("b/two.txt:1: needle"), SearchContract.lines(second));
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
