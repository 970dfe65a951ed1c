package dev.exemux.relay;

/**
 * What one attempt to copy a file over the relay came to. {@link CopyService} turns it into the copy's
 * next step in one place ({@code CopyService.fallbackReason}): a done (arrived and verified) transfer is the result, an
 * unusable relay means streaming (transport {@code auto}) or a clear failure ({@code relay}), and a fatal
 * failure ends the copy whatever the transport.
 */
sealed interface RelayOutcome {

    /** The file arrived at its final path, verified (size and SHA-256 equal the source's). */
    record Done(long bytes, String sha256) implements RelayOutcome {}

    /**
     * The transfer ended: the destination holds {@code bytes} bytes with SHA-256 {@code sha256} as it
     * computed them (null when it has no checksum tool), not yet compared with the source's.
     */
    record Arrived(long bytes, String sha256) implements RelayOutcome {}

    /**
     * The relay cannot carry this copy, and streaming over the WebSockets can. {@code reason} is fit for a
     * model to read and holds no secret, ticket or ticket URL.
     */
    record Unusable(Why why, String reason) implements RelayOutcome {}

    /** The copy cannot go on by any path (its deadline passed, it was cancelled, an executor failed). */
    record Fatal(RuntimeException cause) implements RelayOutcome {}

    /** Why the relay was unusable. */
    enum Why {
        /** No relay configured (a variable is missing). */
        OFF,
        /** An executor is served in-process: it is in no gateway workspace, so no ticket can name it. */
        NOT_IN_WORKSPACE,
        /** The relay refused or failed to mint a ticket (any status, timeout, unreachable, bad answer). */
        REFUSED,
        /** An executor has no curl to transfer with. */
        NO_CURL,
        /** The ticket's upload or download URL is not one an executor may be sent to. */
        UNSAFE_URL,
        /** The upload or the download broke (curl failed, HTTP status other than 200). */
        BROKEN,
        /** The transfer ended but the file that arrived differs from the source (size or SHA-256). */
        DAMAGED
    }
}
