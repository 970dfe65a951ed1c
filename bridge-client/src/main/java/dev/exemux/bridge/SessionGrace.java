package dev.exemux.bridge;

import java.time.Duration;

/**
 * The {@link Dialect}'s resume component: how long an exec-server keeps a detached session (and its
 * processes) after the connection drops, so exemux knows how long to keep redialing with
 * {@code resumeSessionId}. Measured: about 10 s up to 0.140, 30 s from 0.145 to 0.165, 80 s from 0.169.
 * Releases between measured ones get the longer neighbour, so exemux never gives up on a session the
 * peer may still hold.
 */
enum SessionGrace {
    /** 0.140 and older. */
    SHORT(Duration.ofSeconds(10)),
    /** 0.141 to 0.165. */
    MIDDLE(Duration.ofSeconds(30)),
    /** 0.166 and newer. */
    LONG(Duration.ofSeconds(80));

    /** Before any handshake nothing is known: the longest. */
    static final SessionGrace LONGEST = LONG;

    private final Duration duration;

    SessionGrace(Duration duration) {
        this.duration = duration;
    }

    Duration duration() {
        return duration;
    }

    /**
     * @param release the version the peer reports (0.154+), else null
     * @param blockReads whether the release has fs/readBlock (0.142+): what tells the old releases,
     *     which do not say their version, from the middle ones
     */
    static SessionGrace of(ReleaseVersion release, boolean blockReads) {
        if (release == null) {
            return blockReads ? MIDDLE : SHORT;
        }
        if (release.before(0, 141)) {
            return SHORT;
        }
        return release.before(0, 166) ? MIDDLE : LONG;
    }

    /**
     * When a session detached at {@code droppedAtNanos} is certainly gone: the peer may notice the drop
     * a little after exemux does, so a margin is added.
     */
    long certainlyGoneAt(long droppedAtNanos) {
        long margin = Math.max(Duration.ofSeconds(5).toNanos(), duration.toNanos() / 4);
        return droppedAtNanos + duration.toNanos() + margin;
    }
}
