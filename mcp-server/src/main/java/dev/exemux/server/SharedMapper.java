package dev.exemux.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.executor.Limits;
import java.util.concurrent.CompletableFuture;

/**
 * The server's one {@link ObjectMapper}. Building the first one costs tens of milliseconds (Jackson's
 * date format loads time zone and locale data), so {@link Main} starts it on a second core before it
 * reads the configuration, and the server picks it up when it needs it. A string value may be as long as
 * the request that carries it ({@link Limits#MCP_REQUEST}): Jackson's default cap of 20 M characters made
 * a request of 20-32 MiB (write_file's content) unreadable, and its error could not name the request's id.
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
                MAPPER.complete(new ObjectMapper(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Limits.MCP_REQUEST).build())
                        .build()));
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
