package dev.exemux.tools.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The subset of JSON Schema the tools' output schemas use (type incl. nullable arrays, properties,
 * required, enum, items, minimum/maximum, additionalProperties), checked at least as strictly as the MCP
 * SDK checks structuredContent (a mismatch there turns a good result into an error). A property the
 * schema does not declare is a problem even where it would be allowed: the schema must say what we send.
 */
public final class SchemaCheck {

    private SchemaCheck() {}

    /** Every way {@code value} breaks {@code schema}; empty when it matches. */
    public static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean ok = false;
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                ok |= matches(t.asText(), value);
            }
            if (!ok) {
                out.add(path + ": " + value.getNodeType() + " is not " + type);
                return;
            }
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null) {
            boolean found = false;
            for (JsonNode a : allowed) {
                found |= a.equals(value);
            }
            if (!found) {
                out.add(path + ": " + value + " not in " + allowed);
            }
        }
        if (value.isNumber() && schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
            out.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (value.isNumber() && schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
            out.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
        if (value.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    out.add(path + ": missing " + r.asText());
                }
            }
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (props.has(name)) {
                    check(props.get(name), value.get(name), path + "." + name, out);
                } else {
                    out.add(path + ": property '" + name + "' is not declared in the schema");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static boolean matches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new AssertionError("unknown type " + type);
        };
    }
}
