package dev.exemux.relay;

/**
 * Minting a ticket failed; {@link #reason()} says how. Whether a copy then streams instead is decided
 * by the copy (every refusal can be worked around by streaming), not here. Messages never contain the
 * secret or a ticket.
 */
public final class RelayException extends RuntimeException {

    public enum Reason {
        /** The relay is not configured (a variable is missing); no call was made. */
        OFF,
        /** 400: a field was rejected; a bug on our side or a bad exe_id. */
        BAD_REQUEST,
        /** 401: the relay secret was refused. */
        UNAUTHORIZED,
        /** 403: an executor is not in this workspace. */
        FORBIDDEN,
        /** 429: too many live tickets in the workspace. */
        TOO_MANY_TICKETS,
        /** 503: the relay is disabled. */
        DISABLED,
        /** No answer in time. */
        TIMEOUT,
        /** Connection refused, DNS, TLS... */
        UNREACHABLE,
        /** An answer we do not understand. */
        PROTOCOL
    }

    private final Reason reason;
    private final int httpStatus;

    public RelayException(Reason reason, int httpStatus, String message, Throwable cause) {
        super(message, cause, true, false);
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    public Reason reason() {
        return reason;
    }

    /** The relay's HTTP status, or 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }
}
