package dev.exemux.bridge;

import dev.exemux.executor.RemoteCallException;

/** Checks a caller's path before it goes on the wire, where each release would reject it differently. */
final class Paths {

    private Paths() {}

    static String absolute(String exeId, String path) {
        if (path == null || path.isEmpty()) {
            throw invalid(exeId, "path must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw invalid(exeId, "path must not contain a NUL byte");
        }
        if (!path.startsWith("/")) {
            throw invalid(exeId, "path must be absolute (start with '/'): " + path);
        }
        return path;
    }

    private static RemoteCallException invalid(String exeId, String message) {
        return new RemoteCallException(exeId, RemoteCallException.Reason.INVALID_ARGUMENT, 0, message);
    }
}
