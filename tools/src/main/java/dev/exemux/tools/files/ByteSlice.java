package dev.exemux.tools.files;

import dev.exemux.executor.Limits;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.ToolResult;
import dev.exemux.tools.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

/** read_file with encoding base64: raw bytes of a byte range, for binary files. */
final class ByteSlice {

    static final int DEFAULT_LIMIT = 256 * 1024;
    static final int MAX_LIMIT = Limits.BASE64_SLICE;

    private ByteSlice() {}

    /** @param offset first byte (0-based); negative counts from the end */
    static ToolResult read(BlockReader reader, String path, long size, long offset, int limit) {
        long start = offset < 0 ? Math.max(0, size + offset) : offset;
        if (start > size) {
            return ToolResult.error("Offset " + offset + " is past the end of " + path + ", which has " + size
                    + " bytes. Use an offset from 0 to " + size + ", or a negative one to read from the end.");
        }
        int wanted = (int) Math.min(limit, size - start);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(wanted);
        long pos = start;
        while (bytes.size() < wanted) {
            byte[] chunk = reader.bytesAt(pos, wanted - bytes.size());
            if (chunk.length == 0) {
                break; // the file shrank since its size was taken
            }
            bytes.write(chunk, 0, chunk.length);
            pos += chunk.length;
        }
        byte[] data = bytes.toByteArray();
        long end = start + data.length;
        boolean more = end < size;
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("path", path)
                .put("encoding", "base64")
                .put("size", size)
                .put("binary", Utf8.looksBinary(data, 0, data.length))
                .put("content", Base64.getEncoder().encodeToString(data))
                .put("offset", start)
                .put("bytes", bytes.size())
                .put("has_more", more);
        if (more) {
            out.put("next_offset", end);
        }
        String text = path + " (" + size + " bytes): bytes " + start + "-" + end + " (" + bytes.size() + " bytes) as base64"
                + (more ? "; more follows, continue with offset " + end : "; end of file") + ".\n"
                + out.get("content").asText();
        return ToolResult.ok(text, out);
    }
}
