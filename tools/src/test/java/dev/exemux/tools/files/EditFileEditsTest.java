package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.testing.ToolHarness;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** edit_file's edits list (in order, all or nothing, one write) and dry_run. */
class EditFileEditsTest extends LocalToolTest {

    private ObjectNode args(Path f, String... oldNew) {
        ObjectNode a = tools.args("local").put("path", f.toString());
        ArrayNode edits = a.putArray("edits");
        for (int i = 0; i < oldNew.length; i += 2) {
            edits.addObject().put("old_string", oldNew[i]).put("new_string", oldNew[i + 1]);
        }
        return a;
    }

    @Test
    void editsApplyInOrderInOneWrite() throws IOException {
        Path f = Files.writeString(dir.resolve("c.py"), "a = 1\nb = 2\nc = 3\n");
        ObjectNode a = args(f, "a = 1", "a = 10", "c = 3", "c = 30", "a = 10", "a = 100");
        Result r = tools.call("edit_file", a);
        assertFalse(r.isError(), r.text());
        assertEquals("a = 100\nb = 2\nc = 30\n", Files.readString(f));
        assertEquals(3, r.get("replacements").asInt());
        assertEquals(1, r.get("first_line").asInt());
        assertEquals(Digests.sha256("a = 100\nb = 2\nc = 30\n".getBytes(StandardCharsets.UTF_8)), r.string("sha256"));
        assertTrue(r.text().contains("3 replacements from 3 edits"), r.text());
    }

    @Test
    void oneFailingEditFailsThemAllAndNothingIsWritten() throws IOException {
        Path f = Files.writeString(dir.resolve("c.txt"), "x\ny\nx\n");
        Result r = tools.call("edit_file", args(f, "y", "Y", "nope", "z"));
        assertTrue(r.isError());
        assertTrue(r.text().startsWith("edits[1] (of 2) failed, so none was applied and nothing was written"), r.text());
        assertTrue(r.text().contains("old_string was not found"), r.text());
        Result ambiguous = tools.call("edit_file", args(f, "x", "X"));
        assertTrue(ambiguous.isError() && ambiguous.text().contains("occurs 2 times"), ambiguous.text());
        ObjectNode all = args(f, "x", "X");
        ((ObjectNode) all.get("edits").get(0)).put("replace_all", true);
        assertFalse(tools.call("edit_file", all).isError());
        assertEquals("X\ny\nX\n", Files.readString(f));
    }

    @Test
    void dryRunReturnsTheDiffAndWritesNothing() throws IOException {
        Path f = Files.writeString(dir.resolve("d.txt"), "one\r\ntwo\r\nthree\r\n");
        ObjectNode a = args(f, "two\n", "2\n", "three", "3").put("dry_run", true);
        Result r = tools.call("edit_file", a);
        assertFalse(r.isError(), r.text());
        assertTrue(r.get("dry_run").asBoolean());
        assertTrue(r.string("diff").contains("-two\n-three\n+2\n+3\n"), r.string("diff"));
        assertTrue(r.text().startsWith("Dry run, nothing written"), r.text());
        assertEquals("one\r\ntwo\r\nthree\r\n", Files.readString(f));
        // The single-edit form has dry_run too, and without it writes as before (CRLF kept).
        Result single = tools.call("edit_file", tools.args("local").put("path", f.toString()).put("old_string", "two\n")
                .put("new_string", "2\n"));
        assertFalse(single.isError(), single.text());
        assertEquals("one\r\n2\r\nthree\r\n", Files.readString(f));
    }

    @Test
    void badEditListsAreRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("e.txt"), "e\n");
        ToolHarness t = tools;
        Result both = t.call("edit_file", args(f, "e", "E").put("old_string", "e"));
        assertTrue(both.isError() && both.text().contains("not both"), both.text());
        Result empty = t.call("edit_file", args(f));
        assertTrue(empty.isError() && empty.text().contains("1 to 100"), empty.text());
        ObjectNode unknown = args(f, "e", "E");
        ((ObjectNode) unknown.get("edits").get(0)).put("regex", true);
        Result u = t.call("edit_file", unknown);
        assertTrue(u.isError() && u.text().contains("Unknown field 'regex' in edits[0]"), u.text());
        ObjectNode missing = tools.args("local").put("path", f.toString());
        missing.putArray("edits").addObject().put("old_string", "e");
        Result m = t.call("edit_file", missing);
        assertTrue(m.isError() && m.text().contains("edits[0]: Missing required argument 'new_string'"), m.text());
        Result none = t.call("edit_file", tools.args("local").put("path", f.toString()));
        assertTrue(none.isError() && none.text().contains("Pass old_string and new_string"), none.text());
        assertEquals("e\n", Files.readString(f));
    }
}
