package dev.exemux.server;

/** The text of {@code --help} and {@code --version}. */
final class Usage {

    private Usage() {}

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static String help() {
        return """
                exemux %s: an MCP server (stdio) that runs commands and edits files on many executors by exe_id.

                Usage: exemux            serve MCP over stdin/stdout (started by an MCP client)
                       exemux --help     this text
                       exemux --version  the version

                Configuration comes only from the environment:
                  EXEMUX_GATEWAY_URL         gateway bridge URL, ws(s)://host/bridge; exe_ids are dialed at <url>/<exe_id>
                  EXEMUX_TOKEN               bearer token for the gateway (or the exec-servers' capability token)
                  EXEMUX_TOKEN_FILE          file holding the token (trimmed); instead of EXEMUX_TOKEN
                  EXEMUX_EXECUTORS           direct mode: id=ws://host:port[,id2=ws://host:port...]
                  EXEMUX_RELAY_URL           the gateway's relay, https://host/relay, for copies between executors
                  EXEMUX_RELAY_SECRET        secret that mints relay tickets
                  EXEMUX_RELAY_SECRET_FILE   file holding the relay secret (trimmed); instead of EXEMUX_RELAY_SECRET
                  EXEMUX_WORKSPACE_ID        gateway workspace the relay tickets are for
                  EXEMUX_RELAY_HOSTS         host[:port],...: hosts besides the relay's own that its transfer URLs
                                             may name (default: the relay's own host and port only)
                  EXEMUX_LOCAL               on|off: serve exe_id 'local' (this machine) in-process;
                                             default on only when neither gateway nor executors are configured
                  EXEMUX_LOG_LEVEL           error|warn|info|debug (default info); logs go to stderr
                  EXEMUX_READ_ONLY           on|off (also 1/true): list and serve only the tools that change nothing
                  EXEMUX_ALLOWED_EXE_IDS     comma-separated globs (e.g. build-*,local): refuse every other exe_id
                                             before it is dialed; default any

                A bad value stops start-up with one line on stderr naming the variable (exit code 2).
                """.formatted(version());
    }
}
