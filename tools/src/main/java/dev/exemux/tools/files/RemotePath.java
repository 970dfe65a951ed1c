package dev.exemux.tools.files;

import dev.exemux.tools.spi.Args;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** Absolute POSIX paths on an executor ({@link Args#absolutePath} checks them), taken apart and put together. */
final class RemotePath {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RemotePath() {}

    /** The argument {@code name} as an absolute path without duplicate or trailing slashes. */
    static String require(Args args, String name) {
        return clean(args.absolutePath(name));
    }

    /** Collapses repeated slashes and drops a trailing one; keeps '.' and '..' for the executor to resolve. */
    static String clean(String path) {
        String collapsed = path.replaceAll("/{2,}", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    /** Lexical resolution of '.' and '..' (as the kernel would without symlinks), e.g. to spot "/tmp/.." as the root. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static boolean isRoot(String path) {
        return normalize(path).equals("/");
    }

    /** The parent directory; the root is its own parent. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    /**
     * A hidden sibling of {@code path} with a random suffix: same directory, so same filesystem, so
     * the final rename is atomic; hidden, so listings and globs rarely pick it up.
     */
    static String tempSibling(String path) {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = name(path);
        // Stay well below NAME_MAX (255) whatever the original name's length.
        String stem = name.length() > 200 ? name.substring(0, 200) : name;
        return child(parent(path), "." + stem + ".exemux-" + HexFormat.of().formatHex(suffix) + ".tmp");
    }
}
