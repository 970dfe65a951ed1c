package dev.exemux.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;

/**
 * The server's one {@link ObjectMapper}. Building the first one costs tens of milliseconds (Jackson's
 * date format loads time zone and locale data), so {@link Main} starts it on a second core before it
 * reads the configuration, and the server picks it up when it needs it.
 */
final class SharedMapper {

    private static final CompletableFuture<ObjectMapper> MAPPER = new CompletableFuture<>();
    private static volatile boolean started;

    private SharedMapper() {}

    /** Starts building the mapper in the background; later calls do nothing. */
    static synchronized void prepareInBackground() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread(() -> {
            try {
                MAPPER.complete(new ObjectMapper());
            } catch (Throwable e) {
                MAPPER.completeExceptionally(e);
            }
        }, "exemux-mapper");
        t.setDaemon(true);
        t.start();
    }

    static ObjectMapper get() {
        prepareInBackground();
        return MAPPER.join();
    }
}
