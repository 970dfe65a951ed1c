package dev.exemux.tools.search;

import dev.exemux.tools.spi.ToolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where a page stopped: the position (path, line) of its last result, bound to the search it belongs
 * to. The next page holds what comes after that position, so no result is lost or repeated whichever
 * engine runs each page.
 */
record Cursor(String path, long line) {

    /** A line number meaning "after every line of this file". */
    static final long WHOLE_FILE = Long.MAX_VALUE;

    String encode(String searchKey) {
        String raw = searchKey + "\0" + line + "\0" + path;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor argument of a search with this key; a malformed one, or one of another search, is an error. */
    static Cursor decode(String cursor, String searchKey) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\0", 3);
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        if (parts.length != 3 || !parts[1].matches("\\d{1,19}")) {
            throw new ToolException("Argument 'cursor' is not a cursor search_files gave; leave it out to start from the first result.");
        }
        if (!parts[0].equals(searchKey)) {
            throw new ToolException("Argument 'cursor' belongs to a different search (path, pattern, mode or filters changed);"
                    + " repeat the search without a cursor.");
        }
        return new Cursor(parts[2], Long.parseLong(parts[1]));
    }

    /** What identifies a search's result list: everything but the page size and the context. */
    static String key(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
