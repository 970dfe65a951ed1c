package dev.exemux.relay;

/**
 * The relay path cannot carry this copy (relay off or refusing tickets, an executor without curl, a
 * broken transfer). With transport {@code auto} the copy streams instead and reports {@link #getMessage()}
 * as its fallback reason; with {@code relay} it fails with it.
 */
final class RelayUnusable extends RuntimeException {

    RelayUnusable(String message) {
        super(message, null, false, false);
    }
}
