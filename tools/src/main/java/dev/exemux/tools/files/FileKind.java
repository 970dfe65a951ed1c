package dev.exemux.tools.files;

import dev.exemux.executor.FileMetadata;

/** The type names the file tools report. */
enum FileKind {
    FILE("file"),
    DIR("dir"),
    SYMLINK("symlink"),
    OTHER("other");

    final String label;

    FileKind(String label) {
        this.label = label;
    }

    static FileKind of(FileMetadata m) {
        if (m.isSymlink()) {
            return SYMLINK;
        }
        return of(m.isDirectory(), m.isFile());
    }

    static FileKind of(boolean isDirectory, boolean isFile) {
        return isDirectory ? DIR : isFile ? FILE : OTHER;
    }

    static String[] labels() {
        return new String[] {FILE.label, DIR.label, SYMLINK.label, OTHER.label};
    }
}
