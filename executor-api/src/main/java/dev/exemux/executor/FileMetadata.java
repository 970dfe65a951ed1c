package dev.exemux.executor;

/**
 * @param size bytes, or -1 where the release does not report it
 * @param modifiedAtMs epoch milliseconds, or 0 when unknown
 */
public record FileMetadata(boolean isDirectory, boolean isFile, boolean isSymlink, long size, long modifiedAtMs) {}
