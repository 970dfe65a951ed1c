package dev.exemux.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.tools.spi.Tool;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The MCP server over a pair of byte streams (stdin/stdout in production, pipes in tests): the SDK
 * behind {@link StdinFilter} and {@link StdoutChannel}, serving the given tools in both protocol eras
 * (the SDK's legacy server for conversations opened by {@code initialize}, {@link ModernEra} for
 * 2026-07-28 requests).
 */
final class ExemuxServer implements AutoCloseable {

    /** Largest message accepted on stdin by default (the tools' descriptions state it). */
    static final int MAX_LINE = dev.exemux.executor.Limits.MCP_REQUEST;

    static final String INSTRUCTIONS = "exemux runs commands and works with files on executors (machines), each named by an exe_id. "
            + "Call list_executors to see which exist. Long commands return a session_id: follow them with read_output.";

    /**
     * @param callLimit how long one tool call may take
     * @param drainLimit how long in-flight requests may still finish after stdin closes
     * @param maxLine largest message accepted on stdin, in bytes
     */
    record Options(Duration callLimit, Duration drainLimit, int maxLine) {
        static Options defaults() {
            return new Options(ToolAdapter.DEFAULT_CALL_LIMIT, ToolAdapter.DEFAULT_CALL_LIMIT.plus(ToolAdapter.OVERRUN_GRACE),
                    MAX_LINE);
        }
    }

    private final McpAsyncServer server;
    private final StdinFilter filter;
    private final InFlightRequests inFlight;
    private final ExecutorService workers;

    private ExemuxServer(McpAsyncServer server, StdinFilter filter, InFlightRequests inFlight, ExecutorService workers) {
        this.server = server;
        this.filter = filter;
        this.inFlight = inFlight;
        this.workers = workers;
    }

    static ExemuxServer start(InputStream stdin, OutputStream stdout, List<Tool> tools, String version, Options options) {
        return start(stdin, stdout, tools, name -> true, version, options);
    }

    /** @param listed which of {@code tools} tools/list shows (the others are still served) */
    static ExemuxServer start(InputStream stdin, OutputStream stdout, List<Tool> tools, Predicate<String> listed, String version,
            Options options) {
        ObjectMapper mapper = SharedMapper.get();
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        InFlightRequests inFlight = new InFlightRequests();
        StdoutChannel channel = new StdoutChannel(stdout, inFlight, mapper);
        LazySchemaValidator validator = new LazySchemaValidator();
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("exemux-call-"));
        ToolAdapter adapter = new ToolAdapter(mapper, inFlight, options.callLimit(), workers);
        ModernEra modern = new ModernEra(tools, listed, TaskForm.ALL, adapter, json, mapper, validator, channel, version);
        FirstRead firstRead = new FirstRead(stdin);
        Warmup.startInBackground(json, mapper, validator, modern::prepare, firstRead.era(), channel.firstLineWritten());
        ToolCallParams.Names names = new ToolCallParams.Names(
                tools.stream().map(t -> t.definition().name()).collect(Collectors.toUnmodifiableSet()),
                tools.stream().map(t -> t.definition().name()).filter(listed).toList());
        StdinFilter filter = new StdinFilter(firstRead, channel, inFlight, mapper, options.maxLine(), options.drainLimit(), modern, names);
        // The filter enforces the size limit (and answers); the SDK must never hit its own, which ends the server.
        StdioServerTransportProvider transport = new StdioServerTransportProvider(
                json, filter, channel.sdkStream(), Integer.MAX_VALUE - 8);
        McpAsyncServer server = McpServer.async(new SerializedTransportProvider(transport))
                .serverInfo(new McpSchema.Implementation("exemux", "exemux", version))
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                .tools(tools.stream().map(adapter::adapt).toList())
                .addToolFilter((context, tool) -> Mono.just(listed.test(tool.name())))
                .build();
        return new ExemuxServer(server, filter, inFlight, workers);
    }

    /** Blocks until stdin has ended and the requests it carried were answered. */
    void awaitEnd() throws InterruptedException {
        filter.awaitEnd();
    }

    /** Cancels every running call, so tools stop what they started. */
    void cancelCalls() {
        inFlight.cancelAll();
    }

    /** Stops every running call and the SDK. Idempotent. */
    @Override
    public void close() {
        cancelCalls();
        server.close();
        workers.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
