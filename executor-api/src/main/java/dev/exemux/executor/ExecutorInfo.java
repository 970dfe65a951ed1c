package dev.exemux.executor;

/**
 * What an executor told us at its handshake.
 *
 * @param release exec-server release (e.g. {@code 0.169.0}) when the peer reports it, else null
 * @param platform operating system (e.g. {@code linux}) when known, else null
 * @param sessionId the exec-server session id, or null for in-process executors
 * @param cwd the executor's working directory (plain path) when known, else null
 * @param homeDir the executor user's home directory when known, else null
 * @param shell the executor's default shell when known, else null
 */
public record ExecutorInfo(
        String exeId,
        String release,
        String platform,
        String sessionId,
        String cwd,
        String homeDir,
        String shell,
        Capabilities capabilities) {

    /**
     * What this release can do, so callers can choose a method instead of failing.
     *
     * @param streamedRead fs/open + fs/readBlock: reads move only the requested bytes
     * @param streamedWrite fs/writeBlock
     * @param interrupt {@code ProcessHandle.interrupt()} delivers SIGINT to a running command (on a remote
     *     executor: {@code process/signal}, or before 0.140 a {@code kill} helper process)
     * @param stdin writes to a piped stdin reach the process
     * @param http the executor can make HTTP requests itself (http/request)
     */
    public record Capabilities(
            boolean streamedRead, boolean streamedWrite, boolean interrupt, boolean stdin, boolean http) {}
}
