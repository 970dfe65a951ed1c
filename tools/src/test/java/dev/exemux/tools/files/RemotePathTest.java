package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
