package dev.exemux.executor;

/**
 * What is at a path. A symlink is described by its target (type, size, mtime), with {@code isSymlink}
 * set and the link's own text in {@code linkTarget}; a symlink whose target is missing (or that loops)
 * is {@code danglingLink}, neither file nor directory, with the link's own size and mtime.
 *
 * @param size bytes; -1 only where an executor cannot tell at all (bridge-client: a release before 0.140
 *     on an executor without GNU find)
 * @param modifiedAtMs epoch milliseconds, or 0 when unknown
 * @param linkTarget the symlink's text as stored (may be relative), or null for anything else or when unknown
 * @param danglingLink the path is a symlink whose target cannot be reached (missing, or a loop)
 */
public record FileMetadata(boolean isDirectory, boolean isFile, boolean isSymlink, long size, long modifiedAtMs,
                           String linkTarget, boolean danglingLink) {

    /** Metadata of anything but a symlink whose target is unknown. */
    public FileMetadata(boolean isDirectory, boolean isFile, boolean isSymlink, long size, long modifiedAtMs) {
        this(isDirectory, isFile, isSymlink, size, modifiedAtMs, null, false);
    }

    /** A symlink whose target cannot be reached. */
    public static FileMetadata dangling(String linkTarget, long ownSize, long modifiedAtMs) {
        return new FileMetadata(false, false, true, ownSize, modifiedAtMs, linkTarget, true);
    }
}
