package dev.exemux.tools.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A small fluent builder for the JSON Schemas of tool inputs and outputs. */
public final class Schema {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectNode root = F.objectNode().put("type", "object");
    private final ObjectNode properties = root.putObject("properties");
    private final ArrayNode required = F.arrayNode();

    public static Schema object() {
        return new Schema();
    }

    public Schema required(String name, ObjectNode property) {
        properties.set(name, property);
        required.add(name);
        return this;
    }

    public Schema optional(String name, ObjectNode property) {
        properties.set(name, property);
        return this;
    }

    /** Rejects unknown arguments, so a misspelt one is an error instead of being ignored. */
    public Schema closed() {
        root.put("additionalProperties", false);
        return this;
    }

    public ObjectNode build() {
        if (!required.isEmpty()) {
            root.set("required", required.deepCopy());
        }
        return root.deepCopy();
    }

    public static ObjectNode string(String description) {
        return F.objectNode().put("type", "string").put("description", description);
    }

    /** The {@code exe_id} argument every executor-bound tool takes. */
    public static ObjectNode exeId() {
        return string("The executor to work on (list_executors shows the ids).");
    }

    public static ObjectNode integer(String description) {
        return F.objectNode().put("type", "integer").put("description", description);
    }

    public static ObjectNode integer(String description, long min, long max) {
        return integer(description).put("minimum", min).put("maximum", max);
    }

    public static ObjectNode bool(String description) {
        return F.objectNode().put("type", "boolean").put("description", description);
    }

    public static ObjectNode enumOf(String description, String... values) {
        ObjectNode n = string(description);
        ArrayNode e = n.putArray("enum");
        for (String v : values) {
            e.add(v);
        }
        return n;
    }

    /** An array of {@code items}; a null description leaves it out (an option inside a described property). */
    public static ObjectNode arrayOf(String description, ObjectNode items) {
        ObjectNode n = F.objectNode().put("type", "array");
        if (description != null) {
            n.put("description", description);
        }
        n.set("items", items);
        return n;
    }

    public static ObjectNode stringMap(String description) {
        ObjectNode n = F.objectNode().put("type", "object").put("description", description);
        n.set("additionalProperties", F.objectNode().put("type", "string"));
        return n;
    }

    /** A property that may hold any of the given schemas. */
    public static ObjectNode anyOf(String description, JsonNode... options) {
        ObjectNode n = F.objectNode().put("description", description);
        ArrayNode a = n.putArray("anyOf");
        for (JsonNode o : options) {
            a.add(o);
        }
        return n;
    }

    /** A nullable variant of {@code property} (for output fields that are absent in some states). */
    public static ObjectNode nullable(ObjectNode property) {
        ObjectNode n = property.deepCopy();
        JsonNode type = n.get("type");
        if (type != null && type.isTextual()) {
            n.putArray("type").add(type.textValue()).add("null");
        }
        return n;
    }
}
