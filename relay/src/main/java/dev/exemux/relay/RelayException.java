package dev.exemux.relay;

/**
 * Minting a ticket failed. {@link #reason()} says how, so callers can decide whether streaming over
 * the WebSockets is a sensible fallback. Messages never contain the secret or a ticket.
 */
public final class RelayException extends RuntimeException {

    public enum Reason {
        /** The relay is not configured (a variable is missing); no call was made. */
        OFF(true),
        /** 400: a field was rejected; a bug on our side or a bad exe_id. */
        BAD_REQUEST(false),
        /** 401: the relay secret was refused. */
        UNAUTHORIZED(true),
        /** 403: an executor is not in this workspace. */
        FORBIDDEN(false),
        /** 429: too many live tickets in the workspace. */
        TOO_MANY_TICKETS(true),
        /** 503: the relay is disabled. */
        DISABLED(true),
        /** No answer in time. */
        TIMEOUT(true),
        /** Connection refused, DNS, TLS... */
        UNREACHABLE(true),
        /** An answer we do not understand. */
        PROTOCOL(true);

        private final boolean streamable;

        Reason(boolean streamable) {
            this.streamable = streamable;
        }

        /** True when a copy may still succeed by streaming over the WebSockets instead. */
        public boolean streamFallbackMakesSense() {
            return streamable;
        }
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
