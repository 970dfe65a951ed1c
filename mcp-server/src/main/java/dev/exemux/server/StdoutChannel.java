package dev.exemux.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the real stdout. Every message goes out as one whole line under one lock, so
 * the SDK's writes and the server's own error replies never interleave within a line. Each outgoing
 * response ends its request in {@link InFlightRequests}; the response to a cancelled request is
 * dropped, as MCP asks.
 */
final class StdoutChannel {

    private static final Logger log = LoggerFactory.getLogger(StdoutChannel.class);
    private static final int KEEP_BUFFER = 1 << 20;

    private final OutputStream out;
    private final InFlightRequests inFlight;
    private final ObjectMapper mapper;
    private final Object lock = new Object();
    private volatile boolean broken;
    private final CompletableFuture<Void> firstLine = new CompletableFuture<>();

    StdoutChannel(OutputStream realStdout, InFlightRequests inFlight, ObjectMapper mapper) {
        this.out = realStdout;
        this.inFlight = inFlight;
        this.mapper = mapper;
    }

    /** The stream handed to the SDK transport: bytes are collected per thread and written a whole line at a time. */
    OutputStream sdkStream() {
        return new LineStream();
    }

    /** Completes once the first line went out (start-up work that can wait waits for it). */
    CompletableFuture<Void> firstLineWritten() {
        return firstLine;
    }

    /** Writes one message of the server's own (e.g. a parse error). */
    void send(JsonNode message) {
        try {
            sendSerialized(mapper.writeValueAsBytes(message));
        } catch (IOException e) {
            log.error("Cannot serialize a reply: {}", e.toString());
        }
    }

    /** Writes one message already serialized as compact JSON (no line break inside). */
    void sendSerialized(byte[] json) {
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        emit(line, line.length);
    }

    private void emit(byte[] line, int length) {
        String responseKey = responseKey(line, length);
        if (responseKey != null && inFlight.isCancelled(responseKey)) {
            inFlight.end(responseKey);
            log.debug("Dropped the response to cancelled request {}", responseKey);
            return;
        }
        synchronized (lock) {
            // Ended before the line goes out: a client that has the response may reuse its id at once.
            // Under the lock, so that whoever waits for the last response (the drain) also waits for its write.
            if (responseKey != null) {
                inFlight.end(responseKey);
            }
            if (broken) {
                return;
            }
            try {
                out.write(line, 0, length);
                out.flush();
                firstLine.complete(null);
            } catch (IOException e) {
                // The client went away; nothing can reach it any more.
                broken = true;
                log.debug("stdout is closed: {}", e.toString());
            }
        }
    }

    /** Returns once a line being written has been written (lines are written under one lock). */
    void awaitWrites() {
        synchronized (lock) {
            // nothing: holding the lock once is the wait
        }
    }

    /**
     * The in-flight key of a response line, or null for requests, notifications and anything
     * unreadable. Stops at the first field that decides it, so a large result is not scanned.
     */
    private String responseKey(byte[] line, int length) {
        try (JsonParser p = mapper.getFactory().createParser(line, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String key = null;
            boolean response = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "method" -> {
                        return null;
                    }
                    case "id" -> {
                        key = JsonRpc.key(p.readValueAsTree());
                        if (response) {
                            return key;
                        }
                    }
                    case "result", "error" -> {
                        if (key != null) {
                            return key;
                        }
                        response = true;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            return response ? key : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private final class LineStream extends OutputStream {
        private final ThreadLocal<ByteArrayOutputStream> pending = ThreadLocal.withInitial(ByteArrayOutputStream::new);

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream buffer = pending.get();
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    buffer.write(b, start, i + 1 - start);
                    emit(buffer.toByteArray(), buffer.size());
                    if (buffer.size() > KEEP_BUFFER) {
                        pending.remove();
                        buffer = pending.get();
                    } else {
                        buffer.reset();
                    }
                    start = i + 1;
                }
            }
            buffer.write(b, start, end - start);
        }

        @Override
        public void flush() {
            // Lines are flushed as they complete.
        }
    }
}
