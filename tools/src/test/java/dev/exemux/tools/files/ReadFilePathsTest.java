package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** read_file with paths: several files, each its own result or error, in order, within max_output_chars. */
class ReadFilePathsTest extends LocalToolTest {

    private ObjectNode args(Path... files) {
        ObjectNode a = tools.args("local");
        ArrayNode paths = a.putArray("paths");
        for (Path f : files) {
            paths.add(f.toString());
        }
        return a;
    }

    @Test
    void severalFilesInOrderWithOneMissing() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "alpha\n");
        Path b = dir.resolve("missing.txt");
        Path c = Files.writeString(dir.resolve("c.txt"), "gamma\r\ndelta\r\n");
        Result r = tools.call("read_file", args(c, b, a));
        assertFalse(r.isError(), r.text());
        JsonNode files = r.get("files");
        assertEquals(3, files.size());
        assertEquals(c.toString(), files.get(0).get("path").asText());
        assertEquals("     1\tgamma\n     2\tdelta", files.get(0).get("content").asText());
        assertEquals(b.toString(), files.get(1).get("path").asText());
        assertTrue(files.get(1).get("error").asText().contains("does not exist"), files.get(1).toString());
        assertEquals("     1\talpha", files.get(2).get("content").asText());
        assertTrue(r.text().startsWith("Read 2 of 3 files (1 failed)."), r.text());
        assertTrue(r.text().indexOf("==> " + c) < r.text().indexOf("==> " + b) && r.text().indexOf("==> " + b) < r.text().indexOf("==> " + a));
        assertFalse(r.get("has_more").asBoolean());
    }

    @Test
    void theWholeAnswerFitsMaxOutputCharsAndACutPartSaysWhereToContinue() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            big.append("line ").append(i).append(" of a long file\n");
        }
        Path large = Files.writeString(dir.resolve("large.txt"), big.toString());
        Path small = Files.writeString(dir.resolve("small.txt"), "tiny\n");
        Result r = tools.call("read_file", args(large, small).put("max_output_chars", 5000));
        assertFalse(r.isError(), r.text());
        assertTrue(r.text().length() <= 5000, "answer of " + r.text().length() + " chars");
        JsonNode cut = r.get("files").get(0);
        assertTrue(cut.get("has_more").asBoolean());
        long next = cut.get("next_offset").asLong();
        assertEquals(cut.get("last_line").asLong() + 1, next);
        assertTrue(r.text().contains("[Cut to fit max_output_chars: read_file this path with offset " + next + " to continue.]"), r.text());
        assertTrue(cut.get("content").asText().endsWith("line " + (next - 1) + " of a long file"));
        assertEquals("     1\ttiny", r.get("files").get(1).get("content").asText(), "the small file is whole");
        assertTrue(r.get("has_more").asBoolean());
    }

    @Test
    void badCombinationsAreRefused() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "a\n");
        Result both = tools.call("read_file", args(a).put("path", a.toString()));
        assertTrue(both.isError() && both.text().contains("either path or paths"), both.text());
        ObjectNode many = args();
        for (int i = 0; i < 51; i++) {
            ((ArrayNode) many.get("paths")).add(a.toString());
        }
        assertTrue(tools.call("read_file", many).text().contains("1 to 50 paths"));
        Result base64 = tools.call("read_file", args(a).put("encoding", "base64"));
        assertTrue(base64.isError() && base64.text().contains("paths reads text"), base64.text());
        Result relative = tools.call("read_file", tools.args("local").set("paths", tools.args("x").arrayNode().add("rel")));
        assertFalse(relative.isError(), relative.text());
        assertTrue(relative.get("files").get(0).get("error").asText().contains("must be an absolute path"));
    }
}
