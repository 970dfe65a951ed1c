package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.tools.spi.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An {@link ExemuxServer} on pipes: the test writes stdin lines and reads stdout lines. */
final class ServerHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final ExemuxServer server;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Thread reader;

    ServerHarness(List<Tool> tools, Duration callLimit, Duration drainLimit, int maxLine) throws IOException {
        // An OS pipe, as stdin is: a java.io pipe fails writes once the thread that last read it has ended.
        java.nio.channels.Pipe toServerPipe = java.nio.channels.Pipe.open();
        OutputStream toServer = java.nio.channels.Channels.newOutputStream(toServerPipe.sink());
        InputStream serverIn = java.nio.channels.Channels.newInputStream(toServerPipe.source());
        PipedInputStream fromServer = new PipedInputStream(1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        this.stdin = toServer;
        this.server = ExemuxServer.start(serverIn, serverOut, tools, "test", new ExemuxServer.Options(callLimit, drainLimit, maxLine));
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (IOException ignored) {
                // server side closed
            }
        }, "harness-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    ServerHarness(List<Tool> tools) throws IOException {
        this(tools, Duration.ofSeconds(10), Duration.ofSeconds(5), 1 << 20);
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void send(JsonNode message) throws IOException {
        send(JSON.writeValueAsString(message));
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    /** The next stdout line, parsed; fails when none comes within {@code timeout}. */
    JsonNode next(Duration timeout) throws Exception {
        String line = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "no message on stdout within " + timeout);
        return JSON.readTree(line);
    }

    /** The next stdout line, or null if none within {@code timeout}. */
    String poll(Duration timeout) throws InterruptedException {
        return stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends initialize and notifications/initialized; returns the initialize result. */
    JsonNode initialize() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"harness\",\"version\":\"1\"}}}");
        JsonNode reply = next(Duration.ofSeconds(30));
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return reply;
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
        server.close();
    }
}
