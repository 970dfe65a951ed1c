package dev.exemux.relay;

import java.net.URI;
import java.time.Instant;

/**
 * A one-shot relay ticket: one PUT of the source's bytes to {@code uploadUrl}, streamed by the relay
 * into one GET of {@code downloadUrl}. The ticket and both URLs (which embed it) are secrets:
 * {@link #toString()} redacts them, and they reach an executor's process only through its environment.
 */
public record Ticket(String value, URI uploadUrl, URI downloadUrl, Instant expiresAt) {

    @Override
    public String toString() {
        return "Ticket[<redacted>, expiresAt=" + expiresAt + "]";
    }
}
