package dev.exemux.tools.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's text: directories named once where that is shorter, a file's only match on one line. */
class RenderTest {

    @Test
    void aFileWithOneMatchIsOneLineAndOneWithSeveralNamesItsFileOnce() {
        String text = render(0, hit("src/a/One.java", 3, "    one();"), hit("src/a/Two.java", 5, "two();"),
                hit("src/a/Two.java", 9, "\ttwo();"), hit("zz.java", 1, "top();"));
        assertEquals("""
                4 matches in 3 files under /r on 'box' (rg)
                src/a/
                One.java:3:one();
                Two.java
                5:two();
                9:two();
                ./
                zz.java:1:top();""", text);
    }

    @Test
    void siblingDirectoriesAreWrittenUnderTheirParentWhenThatIsShorter() {
        String text = render(0, hit("src/m/p1/A.java", 1, "x"), hit("src/m/p2/A.java", 1, "x"), hit("src/m/p3/A.java", 1, "x"),
                hit("src/m/p3/B.java", 2, "y"));
        assertEquals("""
                4 matches in 4 files under /r on 'box' (rg)
                src/m/
                p1/A.java:1:x
                p2/A.java:1:x
                p3/A.java:1:x
                p3/B.java:2:y""", text);
    }

    @Test
    void theReadmesExample() {
        String text = render(0, hit("core/api/Client.java", 12, "        client.frobnicate(request);"),
                hit("core/impl/Engine.java", 40, "    void frobnicate(Request r) {"), hit("core/impl/Engine.java", 88, "        frobnicate(next);"),
                hit("start.md", 3, "Call frobnicate() to start."));
        assertEquals("""
                4 matches in 3 files under /r on 'box' (rg)
                core/
                api/Client.java:12:client.frobnicate(request);
                impl/Engine.java
                40:void frobnicate(Request r) {
                88:frobnicate(next);
                ./
                start.md:3:Call frobnicate() to start.""", text);
    }

    @Test
    void contextKeepsEveryFileOnItsOwnLine() {
        SearchHit hit = new SearchHit("d/F.java", 5, "  match", List.of(new SearchHit.Context(4, "  before")),
                List.of(new SearchHit.Context(6, "after")));
        SearchHit second = new SearchHit("d/F.java", 9, "match", List.of(), List.of());
        assertEquals("""
                2 matches in 1 file under /r on 'box' (rg)
                d/
                F.java
                4-before
                5:match
                6-after
                --
                9:match""", render(1, hit, second));
    }

    @Test
    void directoryLinesAreTheShortestChoice() {
        assertEquals(List.of("a", "a"), DirectoryLines.choose(List.of("a/x", "a/y")));
        assertEquals(List.of("a/b"), DirectoryLines.choose(List.of("a/b/c.txt")), "on a tie the nearer directory");
        assertEquals(List.of(".", ".", "."), DirectoryLines.choose(List.of("x", "y", "z")));
        // Three files each in their own deep directory, one level apart: their common parent once.
        assertEquals(List.of("p/q", "p/q", "p/q"), DirectoryLines.choose(List.of("p/q/r1/f", "p/q/r2/f", "p/q/r3/f")));
        assertEquals(List.of(), DirectoryLines.choose(List.of()));
    }

    private static SearchHit hit(String path, long line, String text) {
        return new SearchHit(path, line, text, List.of(), List.of());
    }

    private static String render(int context, SearchHit... hits) {
        SearchRequest request = new SearchRequest("/r", false, LinePattern.literal("x", true), List.of(), context, 200,
                false, true, null, 0);
        SearchPage page = new SearchPage(null, 0, 200, 40_000, SearchPage.COUNT_CAP);
        for (SearchHit h : hits) {
            page.offer(h);
        }
        return Render.result(request, "box", "rg", page, new HitStream(request, page), false, "key").text();
    }
}
