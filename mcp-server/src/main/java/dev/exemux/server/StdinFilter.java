package dev.exemux.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between the real stdin and the SDK transport, which ends the whole server on one line it
 * cannot read. Only well-formed JSON-RPC messages pass; anything else gets its JSON-RPC error reply
 * here and the server carries on. It also:
 * <ul>
 *   <li>records every client request in {@link InFlightRequests} and writes each {@code tools/call}'s
 *       id into its {@code _meta}, since SDK handlers never learn their request id;</li>
 *   <li>routes {@code notifications/cancelled} to that request's cancellation and swallows it (the
 *       SDK does not implement it);</li>
 *   <li>hands the requests of the 2026-07-28 era to {@link ModernEra} (the SDK's legacy server gets the rest);</li>
 *   <li>answers a call to a tool that does not exist, naming it and the tools that do, in both eras;</li>
 *   <li>at end of input, lets in-flight requests answer before reporting end of input.</li>
 * </ul>
 * It runs on the SDK's inbound thread: each {@code read} pulls lines until one is accepted.
 */
final class StdinFilter extends BlockInputStream {

    private static final Logger log = LoggerFactory.getLogger(StdinFilter.class);
    private static final Pattern TOOLS_CALL = Pattern.compile("\"method\"\\s*:\\s*\"tools/call\"");
    private static final Pattern TOOL_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");
    private static final Pattern TRAILING_ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"\\\\]{0,200}\")\\s*}\\s*$");

    private final LineReader lines;
    private final StdoutChannel out;
    private final InFlightRequests inFlight;
    private final ObjectMapper mapper;
    /** Strict: "{...} junk" on one line is not a message. */
    private final ObjectReader reader;
    private final int maxLine;
    private final Duration drainLimit;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ModernEra modern;
    private final ToolCallParams.Names tools;

    private String initializeKey;
    private byte[] current = new byte[0];
    private int pos;

    StdinFilter(InputStream realStdin, StdoutChannel out, InFlightRequests inFlight, ObjectMapper mapper, int maxLine,
            Duration drainLimit, ModernEra modern, ToolCallParams.Names tools) {
        this.modern = modern;
        this.tools = tools;
        this.lines = new LineReader(realStdin, maxLine);
        this.out = out;
        this.inFlight = inFlight;
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxLine = maxLine;
        this.drainLimit = drainLimit;
    }

    /** Blocks until stdin ended and in-flight requests were answered (or the drain limit passed). */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            byte[] next = nextAccepted();
            if (next == null) {
                return -1;
            }
            current = next;
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    /** The next line the SDK may see, newline included, or null at end of input. */
    private byte[] nextAccepted() throws IOException {
        while (true) {
            LineReader.Line line;
            try {
                line = lines.next();
            } catch (IOException e) {
                log.debug("stdin failed: {}", e.toString());
                line = null;
            }
            if (line == null) {
                drain();
                return null;
            }
            byte[] accepted;
            try {
                accepted = line.oversized() ? rejectOversized(line) : accept(line.bytes());
            } catch (RuntimeException e) {
                // Anything thrown from here would reach the SDK's reader, which then ends the server.
                log.warn("Could not handle a message: {}", e.toString());
                out.send(JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "Internal error while reading the message; it was dropped."));
                accepted = null;
            }
            if (accepted != null) {
                return accepted;
            }
        }
    }

    private void drain() {
        try {
            if (!inFlight.awaitIdle(drainLimit)) {
                log.info("stdin closed with request(s) {} still running; cancelling them", inFlight.keys());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.cancelAll();
        out.awaitWrites(); // the last response may have ended its request but still be on its way out
        ended.countDown();
    }

    private byte[] rejectOversized(LineReader.Line line) {
        JsonNode id = idFromHead(line.bytes());
        if (id == null) {
            id = idFromEdge(TRAILING_ID.matcher(new String(line.tail(), StandardCharsets.UTF_8)));
        }
        log.warn("Rejected a message of {} bytes (limit {})", line.length(), maxLine);
        String head = new String(line.bytes(), StandardCharsets.UTF_8);
        if (id != null && (TOOLS_CALL.matcher(head).find() || TOOLS_CALL.matcher(new String(line.tail(), StandardCharsets.UTF_8)).find())) {
            // A tool call too big to read is still a tool call: answer it as the tool failing, so the model sees why.
            Matcher name = TOOL_NAME.matcher(head);
            String tool = name.find() ? name.group(1) : "the tool";
            out.send(JsonRpc.toolError(id, "The call to " + tool + " (" + line.length() + " bytes) exceeds exemux's limit of "
                    + describeLimit() + " per request, so it was not run. Send large content in pieces below that size"
                    + " (write_file: the first with append: false, the rest with append: true)."));
            return null;
        }
        out.send(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Message of " + line.length() + " bytes exceeds the limit of "
                + maxLine + " bytes; send large content in smaller pieces."));
        return null;
    }

    private String describeLimit() {
        return maxLine % (1 << 20) == 0 ? (maxLine >> 20) + " MiB (" + maxLine + " bytes)" : maxLine + " bytes";
    }

    /** A top-level id among the fields that fit in the head of a cut-off message, or null. */
    private JsonNode idFromHead(byte[] head) {
        try (JsonParser p = mapper.getFactory().createParser(head)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name)) {
                    return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT ? p.readValueAsTree() : null;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // the head ends before an id
        }
        return null;
    }

    private JsonNode idFromEdge(Matcher m) {
        if (!m.find()) {
            return null;
        }
        try {
            return mapper.readTree(m.group(1));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** @return the bytes to pass on (with newline), or null when the line was answered or consumed here */
    private byte[] accept(byte[] line) {
        if (isBlank(line)) {
            return null;
        }
        JsonNode message;
        try {
            message = reader.readTree(line);
        } catch (IOException e) {
            out.send(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the line is not valid JSON (" + shortReason(e) + ")."));
            return null;
        }
        if (message == null || !message.isObject()) {
            String why = message != null && message.isArray()
                    ? "batches are not supported; send one message per line."
                    : "expected a JSON-RPC message object.";
            out.send(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid Request: " + why));
            return null;
        }
        ObjectNode object = (ObjectNode) message;
        JsonNode id = object.get("id");
        if (id != null && !JsonRpc.isValidId(id)) {
            if (object.has("method")) {
                out.send(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid Request: id must be a string or an integer."));
            } else {
                log.warn("Ignored a response from the client with an id that is not a string or an integer");
            }
            return null;
        }
        String problem = problem(object);
        if (problem != null) {
            if (id != null && object.has("method")) {
                out.send(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid Request: " + problem));
            } else {
                log.warn("Ignored an invalid message from the client: {}", problem);
            }
            return null;
        }
        JsonNode method = object.get("method");
        if (method == null) {
            return passOn(object, line); // a response to one of our requests
        }
        if (id == null) {
            return notification(object, method.textValue(), line);
        }
        String callProblem = "tools/call".equals(method.textValue()) ? ToolCallParams.problem(object.get("params"), tools) : null;
        if (callProblem != null) {
            out.send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + callProblem));
            return null;
        }
        boolean modernRequest = ModernEra.claims(method.textValue(), object.get("params"));
        String key = JsonRpc.key(id);
        if ("initialize".equals(method.textValue())) {
            initializeKey = key; // MCP: initialize must not be cancelled; its reply is never dropped
        }
        if (!inFlight.begin(key)) {
            out.send(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid Request: a request with id " + key + " is still running."));
            return null;
        }
        if ("tools/call".equals(method.textValue()) && object.get("params") instanceof ObjectNode params) {
            JsonNode meta = params.get("_meta");
            ObjectNode metaObject = meta instanceof ObjectNode m ? m : params.putObject("_meta");
            metaObject.set(JsonRpc.CALL_KEY_META, TextNode.valueOf(key));
        }
        if (modernRequest) {
            modern.dispatch(id, method.textValue(), object.get("params"));
            return null;
        }
        return "tools/call".equals(method.textValue()) ? serialize(object) : passOn(object, line);
    }

    /** The line as it came, unless it holds a bare CR between tokens: valid JSON, but the SDK would split it there. */
    private byte[] passOn(ObjectNode message, byte[] line) {
        for (byte b : line) {
            if (b == '\r') {
                return serialize(message);
            }
        }
        return withNewline(line);
    }

    private byte[] notification(ObjectNode object, String method, byte[] line) {
        if (!"notifications/cancelled".equals(method)) {
            return passOn(object, line);
        }
        JsonNode requestId = object.path("params").get("requestId");
        if (requestId != null && JsonRpc.isValidId(requestId) && !JsonRpc.key(requestId).equals(initializeKey)) {
            String key = JsonRpc.key(requestId);
            boolean known = inFlight.cancel(key);
            log.debug("Cancellation of request {}{}", key, known ? "" : " (not running)");
        }
        return null;
    }

    /** @return what makes the message invalid JSON-RPC 2.0, or null */
    private static String problem(ObjectNode m) {
        if (!"2.0".equals(m.path("jsonrpc").textValue())) {
            return "\"jsonrpc\" must be \"2.0\".";
        }
        JsonNode method = m.get("method");
        if (method != null) {
            if (!method.isTextual() || method.textValue().isEmpty()) {
                return "\"method\" must be a non-empty string.";
            }
            JsonNode params = m.get("params");
            if (params != null && !params.isObject() && !params.isArray()) {
                return "\"params\" must be an object.";
            }
            return null;
        }
        if (!m.has("id")) {
            return "a message needs \"method\" (request or notification) or \"id\" (response).";
        }
        if (m.has("result") == m.has("error")) {
            return "a response needs exactly one of \"result\" and \"error\".";
        }
        return null;
    }

    private byte[] serialize(ObjectNode message) {
        try {
            return withNewline(mapper.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withNewline(byte[] line) {
        byte[] out = new byte[line.length + 1];
        System.arraycopy(line, 0, out, 0, line.length);
        out[line.length] = '\n';
        return out;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String shortReason(IOException e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\s+", " ");
        return m.length() > 160 ? m.substring(0, 157) + "..." : m;
    }
}
