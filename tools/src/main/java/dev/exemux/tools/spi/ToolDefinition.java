package dev.exemux.tools.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a client sees in {@code tools/list}.
 *
 * @param inputSchema JSON Schema of the arguments
 * @param outputSchema JSON Schema that every successful result's structured content matches
 * @param readOnly changes nothing anywhere (hidden by nothing, allowed in read-only mode)
 * @param destructive may delete or overwrite data
 * @param idempotent calling twice with the same arguments has no further effect
 */
public record ToolDefinition(
        String name,
        String title,
        String description,
        ObjectNode inputSchema,
        ObjectNode outputSchema,
        boolean readOnly,
        boolean destructive,
        boolean idempotent) {}
