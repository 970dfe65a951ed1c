package dev.exemux.executor;

/**
 * One entry of a directory. {@code isDirectory}/{@code isFile} describe a symlink's target (both false
 * for a dangling one).
 *
 * @param metadata the entry's full metadata when the listing brought it (symlinks, dangling links and
 *     sizes included), or null when the caller must {@link Executor#stat} the entry itself
 */
public record DirectoryEntry(String name, boolean isDirectory, boolean isFile, FileMetadata metadata) {

    public DirectoryEntry(String name, boolean isDirectory, boolean isFile) {
        this(name, isDirectory, isFile, null);
    }

    public DirectoryEntry(String name, FileMetadata metadata) {
        this(name, metadata.isDirectory(), metadata.isFile(), metadata);
    }
}
