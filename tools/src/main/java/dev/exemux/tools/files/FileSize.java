package dev.exemux.tools.files;

import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessRunner;
import java.util.List;

/**
 * A file's size where the executor's metadata lacks it (codex releases before 0.140): one {@code stat}
 * on the executor, or, where that fails, a binary search with one-byte reads.
 */
final class FileSize {

    private FileSize() {}

    static long of(ExecutorCall call, String path, FileMetadata meta, BlockReader reader) {
        if (meta.size() >= 0) {
            return meta.size();
        }
        try {
            ProcessRunner.Result r = call.await(
                    ProcessRunner.run(call.executor(), List.of("stat", "-L", "-c", "%s", "--", path)), "stat -c %s " + path);
            if (r.succeeded()) {
                return Long.parseLong(r.stdout().strip());
            }
        } catch (NumberFormatException | dev.exemux.executor.ExecutorException e) {
            // No GNU-style stat there: fall through to probing.
        }
        return reader.probeSize();
    }
}
