package dev.exemux.tools.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One MCP tool, independent of the MCP SDK: mcp-server adapts each to the wire. A tool turns every
 * expected failure (bad input, executor errors, deadlines) into {@link ToolResult#error} (the tools here
 * extend {@link AbstractTool}, which does that); an exception escaping {@link #call} is a bug, and the
 * server still reports it as an error result.
 */
public interface Tool {

    ToolDefinition definition();

    ToolResult call(ObjectNode arguments, ToolContext context);
}
