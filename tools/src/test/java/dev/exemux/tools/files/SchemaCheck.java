package dev.exemux.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The subset of JSON Schema the tools' output schemas use, checked the way the MCP SDK checks
 * structuredContent (a mismatch there turns a good result into an error).
 */
final class SchemaCheck {

    private SchemaCheck() {}

    static void validate(JsonNode value, JsonNode schema) {
        check(value, schema, "$");
    }

    private static void check(JsonNode v, JsonNode s, String where) {
        JsonNode type = s.get("type");
        if (type != null) {
            boolean ok = false;
            if (type.isArray()) {
                for (JsonNode t : type) {
                    ok |= is(v, t.asText());
                }
            } else {
                ok = is(v, type.asText());
            }
            if (!ok) {
                throw new AssertionError(where + ": expected " + type + " but was " + v);
            }
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v);
            }
            if (!found) {
                throw new AssertionError(where + ": " + v + " not in " + s.get("enum"));
            }
        }
        if (s.has("minimum") && v.isNumber() && v.asLong() < s.get("minimum").asLong()) {
            throw new AssertionError(where + ": " + v + " below minimum");
        }
        if (s.has("maximum") && v.isNumber() && v.asLong() > s.get("maximum").asLong()) {
            throw new AssertionError(where + ": " + v + " above maximum");
        }
        if (v.isObject()) {
            JsonNode props = s.path("properties");
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    throw new AssertionError(where + ": missing required '" + r.asText() + "' in " + v);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode ps = props.get(f.getKey());
                if (ps == null) {
                    if (s.path("additionalProperties").isBoolean() && !s.get("additionalProperties").asBoolean()) {
                        throw new AssertionError(where + ": unexpected property '" + f.getKey() + "'");
                    }
                    // Undeclared output fields are a smell even where allowed: the schema should say what we send.
                    throw new AssertionError(where + ": property '" + f.getKey() + "' is not declared in the schema");
                }
                check(f.getValue(), ps, where + "." + f.getKey());
            }
        }
        if (v.isArray() && s.has("items")) {
            int i = 0;
            for (JsonNode item : v) {
                check(item, s.get("items"), where + "[" + i++ + "]");
            }
        }
    }

    private static boolean is(JsonNode v, String type) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "null" -> v.isNull();
            default -> throw new AssertionError("unknown type " + type);
        };
    }
}
