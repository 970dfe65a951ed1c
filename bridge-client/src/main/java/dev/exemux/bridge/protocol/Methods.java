package dev.exemux.bridge.protocol;

/**
 * Every method and notification name of codex's exec-server protocol that exemux speaks: the only place
 * they are spelt. Which release has which is in docs/exec-server.md; how a release difference is handled
 * is the bridge's {@code Dialect}.
 */
public final class Methods {

    private Methods() {}

    // ---- lifecycle
    public static final String INITIALIZE = "initialize";
    /** A notification, the only one a client may send: anything else makes the peer drop the connection. */
    public static final String INITIALIZED = "initialized";

    // ---- fs/*
    public static final String FS_GET_METADATA = "fs/getMetadata";
    public static final String FS_READ_FILE = "fs/readFile";
    public static final String FS_WRITE_FILE = "fs/writeFile";
    public static final String FS_READ_DIRECTORY = "fs/readDirectory";
    public static final String FS_CREATE_DIRECTORY = "fs/createDirectory";
    public static final String FS_REMOVE = "fs/remove";
    public static final String FS_COPY = "fs/copy";
    /** 0.137 and later. */
    public static final String FS_CANONICALIZE = "fs/canonicalize";
    /** fs/open, fs/readBlock and fs/close: 0.142 and later. */
    public static final String FS_OPEN = "fs/open";
    public static final String FS_READ_BLOCK = "fs/readBlock";
    public static final String FS_CLOSE = "fs/close";
    /** 0.161 and later, with fs/open {@code mode: "replace"}. */
    public static final String FS_WRITE_BLOCK = "fs/writeBlock";

    // ---- process/*
    public static final String PROCESS_START = "process/start";
    public static final String PROCESS_READ = "process/read";
    public static final String PROCESS_WRITE = "process/write";
    /** 0.140 and later; {@code interrupt} is its only signal. */
    public static final String PROCESS_SIGNAL = "process/signal";
    public static final String PROCESS_TERMINATE = "process/terminate";

    /** Notifications the peer sends about a process; one {@code seq} counter covers all three. */
    public static final String PROCESS_OUTPUT = "process/output";
    public static final String PROCESS_EXITED = "process/exited";
    public static final String PROCESS_CLOSED = "process/closed";
    /** The prefix every process notification shares. */
    public static final String PROCESS_PREFIX = "process/";

    // ---- other
    /** 0.124 and later: probed only (before 0.150), as the sign of an executor able to make HTTP requests. */
    public static final String HTTP_REQUEST = "http/request";
}
