package dev.exemux.executor;

/** One entry of a directory; symlinks are reported as their target's type. */
public record DirectoryEntry(String name, boolean isDirectory, boolean isFile) {}
