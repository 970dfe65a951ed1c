package dev.exemux.tools.spi;

/** Limits a tool's description must state because the transport enforces them before any tool runs. */
public final class Limits {

    /**
     * The largest request (one JSON-RPC line on stdin) the server reads: 32 MiB holds any request an
     * agent writes by hand, and a bigger one is cheaper to send in pieces than to hold in memory whole.
     */
    public static final int MAX_REQUEST_BYTES = 32 << 20;

    private Limits() {}
}
