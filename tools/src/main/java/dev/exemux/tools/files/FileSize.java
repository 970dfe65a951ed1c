package dev.exemux.tools.files;

import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.ReadHandle;
import java.util.List;

/**
 * A file's size where the executor's metadata lacks it (codex releases before 0.140): the first block
 * when the read needs it anyway and the file ends within it (most files an agent reads), else one
 * {@code stat} on the executor, or, where that fails, a binary search with one-byte reads. On those
 * releases each of these is a process, the costly part of a read.
 */
final class FileSize {

    private FileSize() {}

    /** @param readsFirstBlock whether the read will need the file's first block in any case */
    static long of(ExecutorCall call, String path, FileMetadata meta, BlockReader reader, boolean readsFirstBlock) {
        if (meta.size() >= 0) {
            return meta.size();
        }
        if (readsFirstBlock) {
            ReadHandle.Block first = reader.block(0); // cached: the read itself will not ask for it again
            if (first.eof() || first.data().length < reader.blockSize()) {
                return first.data().length;
            }
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
