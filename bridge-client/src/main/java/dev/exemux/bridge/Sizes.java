package dev.exemux.bridge;

import dev.exemux.executor.FileMetadata;

/**
 * The {@link Dialect}'s sizes: whether {@code fs/getMetadata} replies carry a file's size (0.140+) or the
 * bridge fills it in with its metadata helper process ({@link RemoteMetadata}), so that above the
 * bridge {@code FileMetadata.size} is known on every release.
 */
enum Sizes {
    IN_REPLY,
    FILLED_IN_BY_BRIDGE;

    /** Whether the bridge must find the size of the file {@code reply} describes. */
    boolean bridgeFillsIn(FileMetadata reply) {
        // A reply without a size from a release that reports sizes is filled in as well: never unknown.
        return this == FILLED_IN_BY_BRIDGE || reply.size() < 0;
    }
}
