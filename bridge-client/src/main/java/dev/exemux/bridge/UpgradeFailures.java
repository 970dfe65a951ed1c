package dev.exemux.bridge;

import dev.exemux.executor.AuthenticationException;
import dev.exemux.executor.ExecutorException;
import dev.exemux.executor.ExecutorForbiddenException;
import dev.exemux.executor.ExecutorOfflineException;
import dev.exemux.executor.ProtocolException;
import dev.exemux.executor.UnknownExecutorException;
import okhttp3.Response;

/** What a refused or failed WebSocket upgrade means for the user, per the gateway contract. */
final class UpgradeFailures {

    private UpgradeFailures() {}

    /**
     * @param directUrl the exec-server's URL in direct mode (no gateway in between: messages name what
     *     answered), null through a gateway
     */
    static ExecutorException toException(String exeId, String directUrl, Response response, Throwable cause) {
        if (response == null) {
            return new ExecutorOfflineException(exeId, "Could not connect to executor '" + exeId + "'"
                    + (directUrl != null ? " at " + directUrl : "") + ": "
                    + describe(cause) + ". Check that it is running and reachable; retry in a moment.", cause);
        }
        int status = response.code();
        if (directUrl != null) {
            return direct(exeId, directUrl, status, cause);
        }
        return switch (status) {
            case 401 -> new AuthenticationException(exeId, "The gateway refused the workspace token for executor '"
                    + exeId + "' (HTTP 401). Set a valid EXEMUX_TOKEN or EXEMUX_TOKEN_FILE; the token may have expired.");
            case 403 -> new ExecutorForbiddenException(exeId, "Executor '" + exeId
                    + "' is not part of this workspace (HTTP 403). Use list_executors to see the ids you can use.");
            case 404 -> new UnknownExecutorException(exeId, "The gateway does not know executor '" + exeId
                    + "' (HTTP 404). Check the exe_id; list_executors shows the known ids.");
            case 503 -> new ExecutorOfflineException(exeId, "Executor '" + exeId
                    + "' is offline (HTTP 503). It may be restarting: retry in a few seconds.", cause);
            default -> new ExecutorOfflineException(exeId, "Executor '" + exeId + "' refused the connection (HTTP "
                    + status + "). Retry later; if it persists, the gateway or executor is misconfigured.", cause);
        };
    }

    /** Direct mode: whatever answered at the configured URL is not a gateway, so no gateway is blamed. */
    private static ExecutorException direct(String exeId, String url, int status, Throwable cause) {
        String answered = "The exec-server URL " + url + " configured for executor '" + exeId + "' answered HTTP " + status;
        return switch (status) {
            case 401 -> new AuthenticationException(exeId, answered + ": it refused the token. Set the exec-server's"
                    + " capability token in EXEMUX_TOKEN or EXEMUX_TOKEN_FILE.");
            // Not an exec-server's answer (it only says 101 or 401): something else listens there.
            case 403 -> new ProtocolException(exeId, answered + " (forbidden). Check the URL in EXEMUX_EXECUTORS.", cause);
            case 404 -> new ProtocolException(exeId, answered + " (not found): no exec-server WebSocket is there."
                    + " Check the URL in EXEMUX_EXECUTORS (an exec-server listens at ws://IP:PORT with no path).", cause);
            default -> new ExecutorOfflineException(exeId, answered + " instead of accepting the WebSocket. Retry later;"
                    + " if it persists, check the URL in EXEMUX_EXECUTORS.", cause);
        };
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : " (" + msg + ")");
    }
}
