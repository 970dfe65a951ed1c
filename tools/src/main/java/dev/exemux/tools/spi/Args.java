package dev.exemux.tools.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.ExeIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed, validated access to a tool's arguments; every problem is a {@link ToolException} naming the field. */
public final class Args {

    private static final int ECHO_CHARS = 100;
    /** Linux's PATH_MAX, in bytes. */
    public static final int MAX_PATH_BYTES = 4096;

    private final ObjectNode node;

    public Args(ObjectNode node) {
        this.node = node == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : node;
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    public JsonNode raw(String name) {
        return node.get(name);
    }

    public String requiredString(String name) {
        String v = optionalString(name, null);
        if (v == null) {
            throw new ToolException("Missing required argument '" + name + "'.");
        }
        return v;
    }

    public String optionalString(String name, String fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ToolException("Argument '" + name + "' must be a string, not " + kind(v) + ".");
        }
        return unicode(name, v.textValue());
    }

    /** A non-empty string. */
    public String requiredNonEmpty(String name) {
        String v = requiredString(name);
        if (v.isEmpty()) {
            throw new ToolException("Argument '" + name + "' must not be empty.");
        }
        return v;
    }

    /** A well-formed exe_id; a malformed one is not echoed back (it may be huge). */
    public String exeId(String name) {
        String exeId = requiredNonEmpty(name);
        String problem = ExeIds.problem(exeId);
        if (problem != null) {
            throw new ToolException("Invalid argument '" + name + "': " + problem + ". list_executors shows the valid ids.");
        }
        return exeId;
    }

    /**
     * An absolute POSIX path, checked before anything is sent: the executors' own errors for relative or
     * NUL-carrying paths are cryptic and differ between releases. A long wrong value is not echoed whole.
     */
    public String absolutePath(String name) {
        String path = requiredString(name);
        if (path.isEmpty()) {
            throw new ToolException("Argument '" + name + "' must not be empty: give an absolute path such as /home/user/file.txt.");
        }
        if (path.indexOf('\0') >= 0) {
            throw new ToolException("Argument '" + name + "' must not contain NUL characters: no path can hold one.");
        }
        if (!path.startsWith("/")) {
            throw new ToolException("Argument '" + name + "' must be an absolute path (starting with '/'), not '"
                    + echo(path) + "'. Relative paths are ambiguous on a"
                    + " remote executor; run `pwd` with exec_command to find the working directory.");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            // Executors refuse it anyway, with a message that repeats the whole path.
            throw new ToolException("Argument '" + name + "' is " + bytes + " bytes long; a path can be at most " + MAX_PATH_BYTES
                    + " bytes (PATH_MAX): '" + echo(path) + "'.");
        }
        return path;
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ToolException("Argument '" + name + "' must be true or false, not " + kind(v) + ".");
        }
        return v.booleanValue();
    }

    /** An integer within [min, max]. */
    public long optionalLong(String name, long fallback, long min, long max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw new ToolException("Argument '" + name + "' must be a whole number, not " + kind(v) + ".");
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new ToolException("Argument '" + name + "' must be between " + min + " and " + max + ", not " + v + ".");
        }
        return v.longValue();
    }

    public int optionalInt(String name, int fallback, int min, int max) {
        return (int) optionalLong(name, fallback, min, max);
    }

    /** One of {@code allowed}, compared as written. */
    public String optionalEnum(String name, String fallback, String... allowed) {
        String v = optionalString(name, null);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new ToolException("Argument '" + name + "' must be one of " + String.join(", ", allowed) + ", not '" + echo(v) + "'.");
    }

    /** A JSON object of string values, e.g. environment variables; empty when absent. */
    public Map<String, String> optionalStringMap(String name) {
        JsonNode v = node.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw new ToolException("Argument '" + name + "' must be an object of strings, not " + kind(v) + ".");
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new ToolException("Argument '" + name + "." + echo(e.getKey()) + "' must be a string, not " + kind(e.getValue()) + ".");
            }
            out.put(unicode(name, e.getKey()), unicode(name + "." + echo(e.getKey()), e.getValue().textValue()));
        });
        return out;
    }

    /** A JSON array of strings; null when absent. */
    public List<String> optionalStringList(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new ToolException("Argument '" + name + "' must be an array of strings, not " + kind(v) + ".");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new ToolException("Argument '" + name + "' must contain only strings, not " + kind(item) + ".");
            }
            out.add(unicode(name, item.textValue()));
        }
        return out;
    }

    /**
     * {@code text} when it is valid Unicode. JSON can carry an unpaired UTF-16 surrogate (an escaped half character), which
     * no file name, command or UTF-8 text can hold: an executor cannot even parse a request that has one,
     * and the call would wait out its deadline.
     */
    public static String unicode(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ToolException("Argument '" + name + "' is not valid Unicode: it holds an unpaired surrogate (\\u"
                        + Integer.toHexString(c) + ") at character " + i + ". Send the text as it is, without escapes of half characters.");
            }
        }
        return text;
    }

    /** A wrong value as quoted back in an error: whole when short, cut when long (a model may send megabytes). */
    public static String echo(String value) {
        return value.length() > ECHO_CHARS ? value.substring(0, ECHO_CHARS) + "…" : value;
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isNumber()) return "a number";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        return "null";
    }
}
