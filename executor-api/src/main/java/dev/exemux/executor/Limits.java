package dev.exemux.executor;

/**
 * Every size limit exemux keeps, each with the reason for its number. Modules name these instead of
 * spelling a size: a limit that changes, changes here.
 */
public final class Limits {

    private Limits() {}

    private static final int MIB = 1 << 20;

    // ---- the exec-server's wire (docs/exec-server.md)

    /**
     * The unit files move in: {@code fs/readBlock} refuses a {@code len} over 1 MiB, so block reads,
     * block writes, stream copies, hashing by blocks and read windows all use it.
     */
    public static final int BLOCK = MIB;

    /** A single WebSocket frame over 16 MiB makes the peer reset the connection (every release). */
    public static final int PEER_FRAME = 16 * MIB;

    /**
     * The largest message exemux sends. Each message goes out as one frame, so it must stay below
     * {@link #PEER_FRAME}, with room for the JSON-RPC envelope.
     */
    public static final int MESSAGE = 15 * MIB;

    /**
     * Data written in one request ({@code fs/writeFile}, {@code process/write}): 8 MiB is about 11 MB of
     * base64, well inside {@link #MESSAGE}. Larger payloads go out in pieces, never rejected.
     */
    public static final int WRITE_PIECE = 8 * MIB;

    /**
     * The largest message exemux takes from an executor; a bigger one ends the connection. Replies are
     * held whole, and the largest exemux asks for is a whole file of {@link #EDITED_FILE} as base64 (about
     * 43 MiB): a peer must not make exemux hold gigabytes.
     */
    public static final int PEER_MESSAGE = 256 * MIB;

    /** What a helper process's output may hold in memory ({@link ProcessRunner}): its answers are short. */
    public static final int PROCESS_CAPTURE = MIB;

    // ---- the MCP side

    /**
     * The largest request (one JSON-RPC line on stdin) the server reads: 32 MiB holds any request an
     * agent writes by hand, and a bigger one is cheaper to send in pieces than to hold in memory whole.
     * Tool descriptions that take content state it.
     */
    public static final int MCP_REQUEST = 32 * MIB;

    /** edit_file and apply_patch hold a file whole to edit it: the same bound as what a request may carry. */
    public static final int EDITED_FILE = 32 * MIB;

    /** A base64 slice of read_file: 4 MiB becomes about 5.6 MB of text in one answer. */
    public static final int BASE64_SLICE = 4 * MIB;
}
