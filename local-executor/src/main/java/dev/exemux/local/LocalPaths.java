package dev.exemux.local;

import dev.exemux.executor.RemoteCallException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The path rules every method applies before touching the disk, so bad input fails like on a remote peer. */
final class LocalPaths {

    private LocalPaths() {}

    /** @throws RemoteCallException INVALID_ARGUMENT if {@code path} is empty, relative or not a valid path */
    static Path absolute(String path) {
        if (path == null || path.isEmpty()) {
            throw IoErrors.invalid("path must not be empty");
        }
        Path parsed;
        try {
            parsed = Path.of(path);
        } catch (InvalidPathException e) {
            throw IoErrors.invalid("invalid path " + quoteControls(path) + ": " + e.getReason());
        }
        if (!parsed.isAbsolute()) {
            throw IoErrors.invalid("path must be absolute: " + path);
        }
        return parsed;
    }

    /** Makes NUL and other control characters visible instead of printing them raw. */
    private static String quoteControls(String path) {
        StringBuilder out = new StringBuilder(path.length() + 2).append('"');
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
