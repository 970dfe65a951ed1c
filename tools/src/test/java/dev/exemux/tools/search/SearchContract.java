package dev.exemux.tools.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Executor;
import dev.exemux.tools.testing.TestResolver;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What search_files must answer on a fixed tree, whichever executor and engine: the expected results
 * are constants, so every engine is held to the same answers (and so to each other's).
 */
final class SearchContract {

    private final ToolHarness tools;
    private final String exeId;
    private final String engine;

    SearchContract(Executor executor, String engine) {
        this(executor, engine, ShellSearch.MAX_HELD);
    }

    /** {@code maxHeld} 0: rg's unsorted output is never held, rg always runs again sorting by path. */
    SearchContract(Executor executor, String engine, long maxHeld) {
        this.tools = new ToolHarness(List.of(new SearchFilesTool(TestResolver.of(executor), maxHeld)), () -> { });
        this.exeId = executor.id();
        this.engine = engine;
    }

    ToolHarness tools() {
        return tools;
    }

    /** A git work tree with ignored, hidden, binary, non-ASCII and CRLF files. */
    static Path tree(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        git(root, "init", "-q", ".");
        write(root, ".git/needle-inside-git", "needle\n");
        write(root, ".gitignore", "ignored/\n*.log\n!keep.log\n");
        write(root, "a.txt", "needle one\nno\nNeedle two\n");
        write(root, "a-b.txt", "x needle\n");
        write(root, "indented.txt", "\t    indented needle\n");
        write(root, "dir/b.txt", "1\n2\n3\n4\nthe needle\n6\n7\n8\n");
        Files.write(root.resolve("dir/c.bin"), "needle\0binary\n".getBytes(StandardCharsets.ISO_8859_1));
        write(root, "dir/crlf.txt", "needle crlf\r\nend\r\n");
        write(root, "dir/sub.log", "needle\n");
        write(root, "ignored/d.txt", "needle\n");
        write(root, "e.log", "needle\n");
        write(root, "keep.log", "needle kept\n");
        write(root, ".hidden/f.txt", "needle\n");
        write(root, ".g.txt", "needle\n");
        write(root, "utf/é.txt", "café needle naïve\n");
        Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("a.txt")); // symlinks are not followed
        Files.createSymbolicLink(root.resolve("linkdir"), root.resolve("dir"));
        Files.write(root.resolve("utf/latin1.txt"), "caf\u00e9 needle\n".getBytes(StandardCharsets.ISO_8859_1));
        return root;
    }

    void check(Path root) {
        String r = root.toString();
        // The defaults: no hidden, no ignored, no binary, no .git; path order puts a-b.txt before a.txt.
        Result all = search(r, "needle", "");
        assertEquals(List.of("a-b.txt:1: x needle", "a.txt:1: needle one", "dir/b.txt:5: the needle", "dir/crlf.txt:1: needle crlf",
                "indented.txt:1: \t    indented needle", "keep.log:1: needle kept", "utf/latin1.txt:1: caf\ufffd needle",
                "utf/é.txt:1: café needle naïve"), lines(all));
        assertTrue(all.text().contains("\nindented.txt:1:indented needle\n"), "one match of a file is one line, without indentation: " + all.text());
        assertEquals(engine, all.string("engine"));
        assertEquals(0, all.get("more").asInt());
        assertTrue(all.get("cursor").isNull());
        assertTrue(all.text().contains("\nutf/\nlatin1.txt:1:caf\ufffd needle\né.txt:1:café needle naïve"),
                "a directory is named once, then its files: " + all.text());

        assertEquals(List.of(".g.txt:1: needle", ".hidden/f.txt:1: needle", "a-b.txt:1: x needle"),
                lines(search(r, "needle", ", 'include_hidden': true, 'max_results': 3")).subList(0, 3));
        assertEquals(List.of("a-b.txt:1: x needle", "a.txt:1: needle one", "dir/b.txt:5: the needle", "dir/crlf.txt:1: needle crlf",
                        "dir/sub.log:1: needle", "e.log:1: needle", "ignored/d.txt:1: needle", "indented.txt:1: \t    indented needle", "keep.log:1: needle kept"),
                lines(search(r, "needle", ", 'respect_gitignore': false")).subList(0, 9));
        assertEquals(List.of("a.txt:1: needle one", "a.txt:3: Needle two"),
                lines(search(r, "^needle (one|two)$", ", 'case_sensitive': false")));
        // The dialect: bytes and ASCII classes, the same everywhere.
        assertEquals(List.of("utf/é.txt:1: café needle naïve"), lines(search(r, "caf(é|è) ", "")));
        assertEquals(List.of("utf/latin1.txt:1: caf\ufffd needle"), lines(search(r, "caf\\xE9", "")));
        assertEquals(List.of("utf/é.txt:1: café needle naïve"), lines(search(r, "na.{2}ve", "")));
        assertEquals(List.of(), lines(search(r, "\\bneedle\\b\\s+\\w+\\s+\\w", ", 'glob': 'é*'")));
        assertEquals(List.of("dir/crlf.txt:1: needle crlf"), lines(search(r, "crlf\\r$", "")));
        assertEquals(List.of("a.txt:1: needle one", "a.txt:3: Needle two"), lines(search(r, "e (o|t)", ", 'glob': '*.txt', 'case_sensitive': false")).subList(0, 2));
        assertEquals(List.of(), lines(search(r, "needle.one", ", 'literal': true")));
        assertEquals(List.of("a.txt:1: needle one"), lines(search(r, "needle one", ", 'literal': true")));

        // Searching a subdirectory of the work tree: the top's .gitignore still counts.
        assertEquals(List.of("b.txt:5: the needle", "crlf.txt:1: needle crlf"), lines(search(r + "/dir", "needle", "")));

        // Context lines.
        Result ctx = search(r, "the needle", ", 'context_lines': 2");
        JsonNode hit = ctx.get("results").get(0).get("matches").get(0);
        assertEquals("[{\"line\":3,\"text\":\"3\"},{\"line\":4,\"text\":\"4\"}]", hit.get("before").toString());
        assertEquals("[{\"line\":6,\"text\":\"6\"},{\"line\":7,\"text\":\"7\"}]", hit.get("after").toString());
        assertTrue(ctx.text().contains("\nb.txt\n3-3\n4-4\n5:the needle\n6-6\n7-7"), ctx.text());

        // Files mode: names by glob, binary files included (they are files), the same filters.
        Result files = search(r, "*.{txt,bin}", ", 'mode': 'files'");
        assertEquals(List.of("a-b.txt", "a.txt", "dir/b.txt", "dir/c.bin", "dir/crlf.txt", "indented.txt", "utf/latin1.txt", "utf/é.txt"),
                paths(files));
        assertEquals(List.of("dir/b.txt", "dir/c.bin", "dir/crlf.txt"), paths(search(r, "dir/*", ", 'mode': 'files'")));

        // Bad input: named, before anything runs.
        assertError(search(r, "foo(", ""), "not a valid regular expression");
        assertError(search(r, "(?=x)y", ""), "lookaround");
        assertError(search(r, "(a)\\1", ""), "backreferences");
        assertError(search(r, "[[:alpha:]]", ""), "POSIX");
        assertError(search(r + "/a.txt", "x", ""), "not a directory");
        assertError(search(r + "/missing", "x", ""), "does not exist");
        assertError(search("relative/path", "x", ""), "absolute path");
        assertError(search(r, "x", ", 'cursor': 'bm90IGEgY3Vyc29y'"), "not a cursor");
    }

    /** 30 files of 10 matches read in pages of 120: every match exactly once, in order. */
    void pages(Path root) throws IOException {
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            StringBuilder content = new StringBuilder();
            for (int l = 1; l <= 10; l++) {
                content.append("match ").append(f).append('.').append(l).append('\n').append("other\n");
                expected.add(String.format("f%02d.txt:%d: match %d.%d", f, 2 * l - 1, f, l));
            }
            write(root, String.format("f%02d.txt", f), content.toString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int[] sizes = {120, 120, 60};
        int[] more = {180, 60, 0};
        for (int p = 0; p < 3; p++) {
            Result page = search(root.toString(), "^match", ", 'max_results': 120" + (cursor == null ? "" : ", 'cursor': '" + cursor + "'"));
            assertEquals(sizes[p], page.get("returned").asInt(), page.text());
            assertEquals(more[p], page.get("more").asInt(), page.text());
            seen.addAll(lines(page));
            cursor = page.get("cursor").isNull() ? null : page.string("cursor");
            assertEquals(p < 2, cursor != null, page.text());
        }
        assertEquals(expected, seen);
        assertEquals(Set.copyOf(expected).size(), new HashSet<>(seen).size());
        // A cursor from another search is refused.
        Result first = search(root.toString(), "^match", ", 'max_results': 5");
        assertError(search(root.toString(), "^other", ", 'cursor': '" + first.string("cursor") + "'"), "different search");
    }

    Result search(String path, String pattern, String extra) {
        ObjectNode args = tools.args(exeId).put("path", path).put("pattern", pattern);
        if (!extra.isEmpty()) {
            try {
                ToolHarness.JSON.readTree("{" + extra.substring(1) + "}").fields().forEachRemaining(e -> args.set(e.getKey(), e.getValue()));
            } catch (IOException e) {
                throw new IllegalArgumentException(extra, e);
            }
        }
        return tools.call("search_files", args);
    }

    static List<String> lines(Result r) {
        assertFalse(r.isError(), r.text());
        List<String> out = new ArrayList<>();
        for (JsonNode file : r.get("results")) {
            for (JsonNode n : file.get("matches")) {
                out.add(file.get("path").asText() + ":" + n.get("line").asLong() + ": " + n.get("text").asText());
            }
        }
        return out;
    }

    static List<String> paths(Result r) {
        assertFalse(r.isError(), r.text());
        List<String> out = new ArrayList<>();
        r.get("results").forEach(n -> out.add(n.get("path").asText()));
        return out;
    }

    static void assertError(Result r, String fragment) {
        assertTrue(r.isError(), r.text());
        assertTrue(r.text().contains(fragment), r.text());
    }

    static void write(Path root, String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("git is not installed: " + e.getMessage());
            return;
        }
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + String.join(" ", args));
    }
}
