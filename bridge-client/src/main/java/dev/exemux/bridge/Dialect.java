package dev.exemux.bridge;

import dev.exemux.executor.ExecutorInfo.Capabilities;

/**
 * What one peer release needs and offers, learned at the handshake so no caller ever sees a release
 * difference the client could have handled.
 *
 * @param paths path style for fs/* and process/start cwd
 * @param capabilities methods this release has ({@link #streamedRead()}: fs/open + fs/readBlock, 0.142+;
 *     {@link #streamedWrite()}: fs/open mode "replace" + fs/writeBlock, 0.161+)
 */
record Dialect(PathStyle paths, Capabilities capabilities) {

    boolean streamedRead() {
        return capabilities.streamedRead();
    }

    boolean streamedWrite() {
        return capabilities.streamedWrite();
    }
}
