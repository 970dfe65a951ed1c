package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.FileMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The metadata helper's records, as GNU find prints them (recorded from findutils 4.9). */
class FindRecordsTest {

    private static final String RECORDED = "E l f 1 1796431281.1804537950 lf\0f\0"
            + "E l N 7 1796431281.1829461320 dang ling\0nowhere\0"
            + "E p p 0 1796431281.1949461330 fifo\0\0"
            + "E l d 2 1796431281.1909461330 up\0..\0"
            + "E f f 6 1796431281.1804537950 f\0\0"
            + "E l L 4 1796431281.1869461320 loop\0loop\0"
            + "E l ? 3 1796431281.1869461320 locked\0/root/x\0"
            + "E f f 3 1796431281.1949461330 new\nline\0\0"
            + "E d d 4096 1796431281.1869461320 d\0\0"
            + "T 6 1796431281.1804537950 lf\0"
            + "T 4096 1796431363.9749496240 up\0";

    @Test
    void everyKindOfEntryWithItsMetadata() {
        Map<String, FileMetadata> m = FindRecords.parse(RECORDED.getBytes(StandardCharsets.UTF_8)).stream()
                .collect(Collectors.toMap(DirectoryEntry::name, DirectoryEntry::metadata));
        assertEquals(new FileMetadata(false, true, false, 6, 1796431281180L), m.get("f"));
        assertEquals(new FileMetadata(true, false, false, 4096, 1796431281186L), m.get("d"));
        assertEquals(new FileMetadata(false, true, true, 6, 1796431281180L, "f", false), m.get("lf"));
        assertEquals(new FileMetadata(true, false, true, 4096, 1796431363974L, "..", false), m.get("up"));
        assertEquals(FileMetadata.dangling("nowhere", 7, 1796431281182L), m.get("dang ling"));
        assertTrue(m.get("loop").danglingLink());
        FileMetadata locked = m.get("locked");
        assertTrue(locked.isSymlink() && !locked.danglingLink() && !locked.isFile() && !locked.isDirectory());
        FileMetadata fifo = m.get("fifo");
        assertFalse(fifo.isFile() || fifo.isDirectory() || fifo.isSymlink());
        assertNull(fifo.linkTarget());
        assertEquals(3, m.get("new\nline").size(), "any file name survives");
        assertEquals(9, m.size());
    }

    @Test
    void anEmptyDirectoryAndBrokenOutput() {
        assertEquals(List.of(), FindRecords.parse(new byte[0]));
        assertThrows(IllegalStateException.class, () -> FindRecords.parse("E f f 1 1.0 cut".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> FindRecords.parse("X what\0".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> FindRecords.parse("E f f 1 1.0 name\0".getBytes(StandardCharsets.UTF_8)));
    }
}
