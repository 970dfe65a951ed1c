package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolException;
import org.junit.jupiter.api.Test;

class RemotePathTest {

    @Test
    void cleansSlashesButLeavesDotsToTheExecutor() {
        assertEquals("/a/b", RemotePath.clean("/a//b/"));
        assertEquals("/", RemotePath.clean("///"));
        assertEquals("/a/../b", RemotePath.clean("/a/../b"));
    }

    @Test
    void rootIsRecognisedLexically() {
        assertTrue(RemotePath.isRoot("/"));
        assertTrue(RemotePath.isRoot("/tmp/.."));
        assertTrue(RemotePath.isRoot("/a/b/../../.."));
        assertFalse(RemotePath.isRoot("/tmp"));
    }

    @Test
    void temporarySiblingIsHiddenInTheSameDirectoryAndFitsNameMax() {
        String temp = RemotePath.tempSibling("/srv/app/config.yml");
        assertEquals("/srv/app", RemotePath.parent(temp));
        assertTrue(RemotePath.name(temp).startsWith(".config.yml.exemux-"), temp);
        assertNotEquals(temp, RemotePath.tempSibling("/srv/app/config.yml"));
        assertTrue(RemotePath.name(RemotePath.tempSibling("/x/" + "n".repeat(255))).length() <= 255);
        assertEquals("/", RemotePath.parent(RemotePath.tempSibling("/top")));
    }

    private static String refusal(String path) {
        Args args = new Args(JsonNodeFactory.instance.objectNode().put("path", path));
        return assertThrows(ToolException.class, () -> RemotePath.require(args, "path")).getMessage();
    }

    @Test
    void aHugePathIsRefusedWithoutBeingEchoedWhole() {
        String tooLong = refusal("/" + "x".repeat(70_000));
        assertTrue(tooLong.contains("70001 bytes") && tooLong.contains("4096"), tooLong);
        assertTrue(tooLong.length() < 400, tooLong);
        String relative = refusal("y".repeat(3_000_000));
        assertTrue(relative.contains("absolute path"), relative.substring(0, 200));
        assertTrue(relative.length() < 600, "the message is short: " + relative.length());
        assertEquals("/" + "z".repeat(4095), RemotePath.require(new Args(JsonNodeFactory.instance.objectNode()
                .put("path", "/" + "z".repeat(4095))), "path"), "4096 bytes are fine");
    }

    @Test
    void aPathWithAnUnpairedSurrogateIsRefusedBeforeAnythingIsSent() {
        String high = refusal("/tmp/lone-" + (char) 0xD800 + "-high");
        assertTrue(high.contains("unpaired surrogate") && high.contains("d800"), high);
        assertTrue(refusal("/tmp/" + (char) 0xDFFF).contains("unpaired surrogate"));
        String emoji = "/tmp/" + new String(Character.toChars(0x1F680));
        assertEquals(emoji, RemotePath.require(new Args(JsonNodeFactory.instance.objectNode().put("path", emoji)), "path"),
                "a pair is a character");
    }
}
