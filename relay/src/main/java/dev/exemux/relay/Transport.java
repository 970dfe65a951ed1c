package dev.exemux.relay;

import java.util.Locale;

/** How a copy between two executors moves its bytes. */
public enum Transport {
    /** Relay when it is on and both executors can take part, else streaming. */
    AUTO,
    /** Relay only: fail (clearly) rather than stream. */
    RELAY,
    /** Stream over the WebSockets through exemux; never mint a ticket. */
    STREAM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
