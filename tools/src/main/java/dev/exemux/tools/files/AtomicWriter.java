package dev.exemux.tools.files;

import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.tools.spi.ToolException;
import java.util.List;

/**
 * Replaces a file so that a reader sees the old content or the new, never a mix: the bytes go to a
 * hidden sibling, which is then renamed over the target. On any failure the sibling is removed and
 * the old file is untouched.
 */
final class AtomicWriter {

    /** What happened at the path. */
    record Outcome(String writtenPath, boolean created) {}

    private AtomicWriter() {}

    /**
     * @param createDirs create missing parent directories instead of failing
     * @param current the path's metadata if already known (null to look it up)
     */
    static Outcome write(ExecutorCall call, String path, byte[] data, boolean createDirs, FileMetadata current) {
        return write(call, path, data, createDirs, current, () -> {});
    }

    /**
     * @param beforeRename runs once the new content is in place under the temporary name; throwing
     *     aborts the write (the temporary is removed, the file untouched)
     */
    static Outcome write(ExecutorCall call, String path, byte[] data, boolean createDirs, FileMetadata current,
                         Runnable beforeRename) {
        FileMetadata existing = current != null ? current : call.statOrNull(path);
        String target = target(call, path, existing, createDirs);
        String temp = RemotePath.tempSibling(target);
        try {
            call.await(call.executor().writeFile(temp, data), "write " + target);
            if (existing != null) {
                keepMode(call, target, temp);
            }
            beforeRename.run();
            call.await(call.executor().move(temp, target), "rename " + temp + " to " + target);
        } catch (RuntimeException e) {
            call.bestEffort(ex -> ex.remove(temp, false, true));
            throw e;
        }
        return new Outcome(target, existing == null);
    }

    /**
     * Adds {@code data} after the file's current end (creating it if missing). The new bytes go to a
     * hidden sibling first and are then appended in one {@code cat}, so a failed transfer adds nothing;
     * a reader may see the file grow.
     */
    static Outcome append(ExecutorCall call, String path, byte[] data, boolean createDirs) {
        FileMetadata existing = call.statOrNull(path);
        String target = target(call, path, existing, createDirs);
        String temp = RemotePath.tempSibling(target);
        try {
            call.await(call.executor().writeFile(temp, data), "write " + target);
            call.await(ProcessRunner.run(call.executor(), List.of("sh", "-c", "cat -- \"$1\" >> \"$2\"", "sh", temp, target)),
                    "append to " + target).requireSuccess(call.exeId(), "appending to " + target);
        } finally {
            call.bestEffort(ex -> ex.remove(temp, false, true));
        }
        return new Outcome(target, existing == null);
    }

    /** The file a write to {@code path} lands in: a symlink's target; checks what is there and the parent. */
    private static String target(ExecutorCall call, String path, FileMetadata existing, boolean createDirs) {
        if (existing != null && existing.isDirectory()) {
            throw new ToolException(path + " is a directory on '" + call.exeId() + "'; give the path of a file inside it.");
        }
        if (existing != null && existing.danglingLink()) {
            // POSIX would create the target wherever the link points; that is rarely what was meant, so ask.
            throw new ToolException(path + " on '" + call.exeId() + "' is a symlink to " + existing.linkTarget()
                    + ", which does not exist, so nothing was written. Write to the target's path to create it there "
                    + "(the link then points to it), or remove_path the link first to put a file in its place.");
        }
        // Write through a symlink to its target, as an editor would, instead of replacing the link by a file.
        String target = existing != null && existing.isSymlink()
                ? call.await(call.executor().canonicalize(path), "canonicalize " + path)
                : path;
        if (existing == null) {
            ensureParent(call, target, createDirs);
        }
        return target;
    }

    private static void ensureParent(ExecutorCall call, String path, boolean createDirs) {
        String parent = RemotePath.parent(path);
        FileMetadata dir = call.statOrNull(parent);
        if (dir == null) {
            if (!createDirs) {
                throw new ToolException("The parent directory " + parent + " does not exist on '" + call.exeId()
                        + "'. Pass create_dirs: true to create it, or check the path.");
            }
            call.await(call.executor().createDirectory(parent, true), "create directory " + parent);
        } else if (!dir.isDirectory()) {
            throw new ToolException(parent + " on '" + call.exeId() + "' is not a directory, so " + path + " cannot be created in it.");
        }
    }

    /**
     * The new file would get default permissions: carry the old file's over (an executable script stays
     * executable). Best effort: an executor without GNU chmod keeps the defaults.
     */
    private static void keepMode(ExecutorCall call, String target, String temp) {
        try {
            call.await(ProcessRunner.run(call.executor(), List.of("chmod", "--reference=" + target, "--", temp)),
                    "copy permissions of " + target);
        } catch (RuntimeException ignored) {
            // Permissions are a courtesy; the content is what was asked for.
        }
    }
}
