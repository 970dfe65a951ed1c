package dev.exemux.tools.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.testing.ToolHarness.Result;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadFileToolTest extends LocalToolTest {

    private Result read(Path file, String extra) {
        return tools.call("read_file", "{'exe_id':'local','path':'" + file + "'" + extra + "}");
    }

    private Path lines(String name, int count) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            s.append("line ").append(i).append('\n');
        }
        return Files.writeString(dir.resolve(name), s);
    }

    @Test
    void showsNumberedLinesLikeCatN() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "alpha\nbeta\ngamma\n");
        Result r = read(f, "");
        assertFalse(r.isError(), r.text());
        assertEquals("     1\talpha\n     2\tbeta\n     3\tgamma", r.structured().get("content").asText());
        assertEquals(3, r.structured().get("total_lines").asInt());
        assertFalse(r.structured().get("has_more").asBoolean());
        assertTrue(r.text().contains("     2\tbeta"), r.text());
    }

    @Test
    void lastLineWithoutNewlineIsALine() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "one\ntwo");
        Result r = read(f, "");
        assertEquals("     1\tone\n     2\ttwo", r.structured().get("content").asText());
    }

    @Test
    void offsetAndLimitSelectAWindowAndSayWhereToContinue() throws IOException {
        Path f = lines("n.txt", 100);
        ObjectNode s = read(f, ",'offset':10,'limit':5").structured();
        assertEquals("    10\tline 10\n    11\tline 11\n    12\tline 12\n    13\tline 13\n    14\tline 14", s.get("content").asText());
        assertTrue(s.get("has_more").asBoolean());
        assertEquals(15, s.get("next_offset").asLong());
        assertEquals(10, s.get("first_line").asLong());
        assertEquals(14, s.get("last_line").asLong());
    }

    @Test
    void offsetPastTheEndSaysHowManyLinesThereAre() throws IOException {
        Path f = lines("n.txt", 100);
        Result r = read(f, ",'offset':500");
        assertTrue(r.text().contains("past the end"), r.text());
        assertEquals(100, r.structured().get("total_lines").asInt());
    }

    @Test
    void negativeOffsetReadsOnlyTheTailOfABigFile() throws IOException {
        Path f = dir.resolve("big.log");
        int total = 2_000_000; // ~ 30 MB
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
            for (int i = 1; i <= total; i++) {
                out.write(("log line number " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        long size = Files.size(f);
        Result r = read(f, ",'offset':-50");
        assertFalse(r.isError(), r.text());
        ObjectNode s = r.structured();
        String[] shown = s.get("content").asText().split("\n");
        assertEquals(50, shown.length);
        assertEquals("   -50\tlog line number " + (total - 49), shown[0]);
        assertEquals("    -1\tlog line number " + total, shown[49]);
        assertTrue(s.get("numbered_from_end").asBoolean());
        assertFalse(s.get("has_more").asBoolean());
        assertTrue(local.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK,
                "read " + local.bytesRead.get() + " of " + size + " bytes for the last 50 lines");
    }

    @Test
    void negativeOffsetWithALimitContinuesTowardsTheEnd() throws IOException {
        Path f = dir.resolve("big.log");
        // Bigger than one block, so the start is never reached and numbers stay relative to the end.
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 200_000; i++) {
            sb.append("entry ").append(i).append('\n');
        }
        Files.writeString(f, sb);
        ObjectNode first = read(f, ",'offset':-50,'limit':10").structured();
        assertEquals(-50, first.get("first_line").asLong());
        assertTrue(first.get("has_more").asBoolean());
        assertEquals(-40, first.get("next_offset").asLong());
        assertTrue(first.get("content").asText().startsWith("   -50\tentry 199951\n"));
        ObjectNode next = read(f, ",'offset':-40,'limit':10").structured();
        assertTrue(next.get("content").asText().startsWith("   -40\tentry 199961\n"), next.get("content").asText());
    }

    @Test
    void negativeOffsetOnASmallFileKeepsAbsoluteNumbers() throws IOException {
        Path f = lines("n.txt", 10);
        ObjectNode s = read(f, ",'offset':-3").structured();
        assertEquals("     8\tline 8\n     9\tline 9\n    10\tline 10", s.get("content").asText());
        assertFalse(s.get("numbered_from_end").asBoolean());
        ObjectNode all = read(f, ",'offset':-30").structured();
        assertEquals(10, all.get("lines_shown").asInt());
        assertEquals(1, all.get("first_line").asInt());
    }

    @Test
    void longLinesAreClampedWithAMarker() throws IOException {
        Path f = Files.writeString(dir.resolve("min.js"), "x".repeat(5000) + "\nshort\n");
        ObjectNode s = read(f, "").structured();
        String[] shown = s.get("content").asText().split("\n");
        assertTrue(shown[0].startsWith("     1\t" + "x".repeat(2000) + " … [line clamped at 2000 chars; 5000 bytes in full]"), shown[0]);
        assertEquals("     2\tshort", shown[1]);
        assertEquals(1, s.get("clamped_lines").asInt());
    }

    @Test
    void aHugeSingleLineIsNotReadToItsEnd() throws IOException {
        Path f = dir.resolve("one-line.json");
        byte[] block = "abcdefghij".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(f)) {
            for (int i = 0; i < 20; i++) {
                out.write(block); // 20 MB, no newline
            }
        }
        Result r = read(f, ",'limit':1");
        assertTrue(r.structured().get("content").asText().contains("[line clamped"), r.text());
        assertTrue(local.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK, "read " + local.bytesRead.get());
    }

    @Test
    void aTailWhoseNextToLastLineIsHugeStopsAtTheClamp() throws IOException {
        // 1 line, then a 20 MB line, then a short last line: -2 shows the huge line by its end only.
        Path f = dir.resolve("huge-middle.log");
        byte[] block = "abcdefghij".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("first\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                out.write(block);
            }
            out.write("\nlast\n".getBytes(StandardCharsets.US_ASCII));
        }
        Result r = read(f, ",'offset':-2");
        assertFalse(r.isError(), r.text());
        String[] shown = r.structured().get("content").asText().split("\n");
        assertEquals(2, shown.length, r.text());
        assertTrue(shown[0].startsWith("    -2\t… ") && shown[0].contains("abcdefghij")
                && shown[0].contains("[line clamped: only its last 2000 bytes are shown; it is longer than"), shown[0]);
        assertEquals("    -1\tlast", shown[1]);
        assertTrue(local.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK, "read " + local.bytesRead.get() + " bytes");
        assertTrue(r.text().contains("lines -2 to -1"), r.text());
    }

    @Test
    void textAfterARunOfNulsIsBinaryAndTheRunIsNotScanned() throws IOException {
        // A sparse file: 20 MB of NULs, then two short lines in a block of their own.
        Path f = dir.resolve("sparse.img");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("x\ny\n".getBytes(StandardCharsets.US_ASCII)), 20L << 20);
        }
        Result r = read(f, ",'offset':-3");
        assertFalse(r.isError(), r.text());
        assertTrue(r.structured().get("binary").asBoolean(), r.text());
        assertEquals("", r.structured().get("content").asText());
        assertTrue(local.bytesRead.get() <= 2L * BlockReader.MAX_BLOCK, "read " + local.bytesRead.get() + " bytes");
    }

    @Test
    void crlfLinesAreShownWithoutCarriageReturnsAndSaySo() throws IOException {
        Path f = Files.writeString(dir.resolve("w.txt"), "one\r\ntwo\r\n");
        Result r = read(f, "");
        assertEquals("     1\tone\n     2\ttwo", r.structured().get("content").asText());
        assertEquals("crlf", r.structured().get("line_ending").asText());
        assertTrue(r.text().contains("CRLF"), r.text());
    }

    @Test
    void binaryFilesAreNotShownAsText() throws IOException {
        Path f = dir.resolve("blob.bin");
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        data[10] = 0;
        Files.write(f, data);
        Result r = read(f, "");
        assertFalse(r.isError());
        assertTrue(r.structured().get("binary").asBoolean());
        assertEquals("", r.structured().get("content").asText());
        assertTrue(r.text().contains("binary") && r.text().contains("5000 bytes") && r.text().contains("base64"), r.text());
    }

    @Test
    void mostlyInvalidUtf8WithoutNulIsBinaryToo() throws IOException {
        byte[] data = new byte[4000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x80 + (i % 64)); // continuation bytes only: never valid UTF-8
        }
        Result r = read(Files.write(dir.resolve("x.dat"), data), "");
        assertTrue(r.structured().get("binary").asBoolean(), r.text());
        assertTrue(r.text().contains("100% of the 4000 bytes examined are not valid UTF-8"), r.text());
    }

    @Test
    void aLatin1FileOverTheThresholdSaysHowMuchIsInvalid() throws IOException {
        // 1 byte in 7 is latin-1 'é' (14 %): over the 10 % threshold, and not "mostly" anything.
        byte[] data = "abcdef\u00e9".repeat(500).getBytes(StandardCharsets.ISO_8859_1);
        Result r = read(Files.write(dir.resolve("l1-dense.txt"), data), "");
        assertTrue(r.structured().get("binary").asBoolean(), r.text());
        assertTrue(r.text().contains("14% of the 3500 bytes examined are not valid UTF-8"), r.text());
        assertFalse(r.text().contains("mostly"), r.text());
    }

    @Test
    void latin1TextStaysTextAndIsFlagged() throws IOException {
        Path f = Files.write(dir.resolve("l1.txt"), "caf\u00e9 au lait\nna\u00efve\nplain ascii line here\n".getBytes(StandardCharsets.ISO_8859_1));
        ObjectNode s = read(f, "").structured();
        assertFalse(s.get("binary").asBoolean());
        assertTrue(s.get("invalid_utf8").asBoolean());
        assertTrue(s.get("content").asText().contains("caf\uFFFD au lait"));
    }

    @Test
    void base64ReturnsExactByteSlices() throws IOException {
        byte[] data = new byte[1000];
        new Random(2).nextBytes(data);
        Path f = Files.write(dir.resolve("b.bin"), data);
        ObjectNode s = read(f, ",'encoding':'base64','offset':100,'limit':50").structured();
        assertEquals(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, 100, 150)), s.get("content").asText());
        assertEquals(50, s.get("bytes").asInt());
        assertEquals(1000, s.get("size").asInt());
        assertTrue(s.get("has_more").asBoolean());
        assertEquals(150, s.get("next_offset").asLong());

        ObjectNode tail = read(f, ",'encoding':'base64','offset':-8").structured();
        assertEquals(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, 992, 1000)), tail.get("content").asText());
        assertFalse(tail.get("has_more").asBoolean());
        assertTrue(tail.get("binary").asBoolean());

        Path text = Files.writeString(dir.resolve("t.txt"), "plain text");
        assertFalse(read(text, ",'encoding':'base64'").structured().get("binary").asBoolean());
    }

    @Test
    void base64LimitIsBounded() throws IOException {
        Path f = Files.write(dir.resolve("b.bin"), new byte[10]);
        Result r = read(f, ",'encoding':'base64','limit':100000000");
        assertTrue(r.isError());
        assertTrue(r.text().contains("limit"), r.text());
    }

    @Test
    void emptyFileDirectoryAndMissingFile() throws IOException {
        Result empty = read(Files.createFile(dir.resolve("e")), "");
        assertFalse(empty.isError());
        assertTrue(empty.text().contains("empty"), empty.text());

        Result directory = read(dir, "");
        assertTrue(directory.isError());
        assertTrue(directory.text().contains("list_directory"), directory.text());

        Result device = read(Path.of("/dev/zero"), "");
        assertTrue(device.isError());
        assertTrue(device.text().contains("not a regular file"), device.text());

        Result missing = read(dir.resolve("nope.txt"), "");
        assertTrue(missing.isError());
        assertTrue(missing.text().contains("does not exist"), missing.text());
    }

    @Test
    void executorErrorsSayWhatFailedWhere() throws IOException {
        Path f = Files.writeString(dir.resolve("plain.txt"), "x");
        Result r = read(f.resolve("under-a-file"), "");
        assertTrue(r.isError());
        assertTrue(r.text().contains(f + "/under-a-file") && r.text().contains("'local'")
                && r.text().contains("part of the path is a file"), r.text());
    }

    @Test
    void aDeadlineStatesTheTimeTheCallRanAndItsWholeDeadline() {
        ForwardingExecutor silent = new ForwardingExecutor(local) {
            @Override
            public java.util.concurrent.CompletableFuture<dev.exemux.executor.FileMetadata> stat(String path) {
                return new java.util.concurrent.CompletableFuture<>(); // never answers
            }
        };
        var harness = dev.exemux.tools.testing.ToolHarness.fileTools(silent);
        Result r = harness.call("read_file", new dev.exemux.tools.testing.TestContext(java.time.Duration.ofSeconds(3)),
                harness.args("local").put("path", dir.resolve("x").toString()));
        assertTrue(r.isError(), r.text());
        assertTrue(r.text().contains("did not finish before the call's deadline: stopped after ")
                && r.text().matches("(?s).*stopped after \\d+\\.\\d s of the [23]\\.\\d s this call may take.*"), r.text());
    }

    @Test
    void badPathsFailBeforeTheExecutorIsResolved() {
        // exe_id 'ghost' is unknown: a path error proves the path was checked first.
        for (String path : new String[] {"relative/file.txt", "", "/tmp/a\\u0000b"}) {
            Result r = tools.call("read_file", "{'exe_id':'ghost','path':'" + path + "'}");
            assertTrue(r.isError());
            assertTrue(r.text().contains("'path'"), r.text());
        }
    }

    @Test
    void unknownExecutorListsTheKnownOnes() throws IOException {
        Result r = tools.call("read_file", "{'exe_id':'ghost','path':'/etc/hostname'}");
        assertTrue(r.isError());
        assertTrue(r.text().contains("ghost") && r.text().contains("local"), r.text());
    }
}
