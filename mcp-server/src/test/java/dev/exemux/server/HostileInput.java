package dev.exemux.server;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.ToolDefinition;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible stream of hostile input for the MCP front door: {@code tools/call} requests
 * built from the real tools' input schemas and then broken (wrong types, missing and extra fields, huge
 * strings, odd paths and exe_ids, unknown tools), and malformed JSON-RPC lines to write to stdin raw.
 *
 * <p>Safety: every path a tool could change lies in {@code sandbox} (the odd ones either are refused
 * before use or resolve inside it), and every command is harmless (a fixed list, or letters only).
 */
final class HostileInput {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Surrogates and other non-ASCII characters are written as escapes, so a lone surrogate survives the file. */
    private static final ObjectWriter ASCII = new ObjectMapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    /** One thing to send: a call through the MCP client, or a raw stdin line. */
    sealed interface Case permits Call, Raw {}

    record Call(String tool, JsonNode arguments) implements Case {}

    /**
     * @param reply what the server must answer: {@code "id"} (an error or result with id {@code idJson}),
     *     {@code "null"} (an error with id null), or {@code "none"}
     */
    record Raw(byte[] line, String reply, String idJson) implements Case {}

    private static final String[] HARMLESS_COMMANDS = {"true", "echo hi", "printf '%s\\n' a b", "exit 3", "echo err >&2",
            "pwd", "echo $HOME", "seq 1 50", "head -c 100 /dev/zero | od -c | head -2", "sleep 0.05"};
    private static final String[] SIGNALS = {"interrupt", "terminate", "kill", "SIGKILL", "", "9"};
    private static final String[] ENCODINGS = {"base64", "utf-8", "utf8", "latin1", "", "BASE64"};
    private static final String[] UNKNOWN_TOOLS = {"", "rm_rf", "exec", "READ_FILE", "read_file ", "tools/call", "../read_file",
            "read_file\u0000", "\ud83d\ude80", "a".repeat(300)};

    private final SplittableRandom random;
    private final List<ToolDefinition> tools;
    private final List<String> exeIds;
    private final String sandbox;
    private final int hugeMax;
    private int rawIds;

    /**
     * @param exeIds the ids that exist (the first is the most used); odd ones are added here
     * @param hugeMax the largest "huge" string, in characters
     */
    HostileInput(long seed, List<ToolDefinition> tools, List<String> exeIds, Path sandbox, int hugeMax) {
        this.random = new SplittableRandom(seed);
        this.tools = List.copyOf(tools);
        this.exeIds = List.copyOf(exeIds);
        this.sandbox = sandbox.toAbsolutePath().toString();
        this.hugeMax = hugeMax;
    }

    /** {@code calls} tool calls with a malformed raw line after every {@code rawEvery}-th. */
    List<Case> generate(int calls, int rawEvery) {
        List<Case> cases = new ArrayList<>();
        for (int i = 1; i <= calls; i++) {
            cases.add(call());
            if (rawEvery > 0 && i % rawEvery == 0) {
                cases.add(raw());
            }
        }
        return cases;
    }

    /** Writes the cases as JSON lines for the node driver: {@code {"call":..,"arguments":..}} or {@code {"raw":b64,..}}. */
    static void write(List<Case> cases, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Case c : cases) {
                ObjectNode line = F.objectNode();
                if (c instanceof Call call) {
                    line.put("call", call.tool()).set("arguments", call.arguments());
                } else if (c instanceof Raw raw) {
                    line.put("raw", Base64.getEncoder().encodeToString(raw.line())).put("reply", raw.reply());
                    if (raw.idJson() != null) {
                        line.put("id", raw.idJson());
                    }
                }
                w.write(ASCII.writeValueAsString(line));
                w.write('\n');
            }
        }
    }

    // ---- tools/call -------------------------------------------------------------------------------

    Call call() {
        if (random.nextInt(100) < 3) {
            return new Call(pick(UNKNOWN_TOOLS), plausibleArgumentsOf(pick(tools)));
        }
        ToolDefinition tool = pick(tools);
        ObjectNode args = plausibleArgumentsOf(tool);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            mutate(tool, args);
        }
        if (random.nextInt(100) < 2) {
            return new Call(tool.name(), notAnObject()); // arguments that are not an object at all
        }
        return new Call(tool.name(), args);
    }

    private ObjectNode plausibleArgumentsOf(ToolDefinition tool) {
        ObjectNode args = F.objectNode();
        JsonNode properties = tool.inputSchema().path("properties");
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        List<String> required = new ArrayList<>();
        tool.inputSchema().path("required").forEach(r -> required.add(r.asText()));
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            if (required.contains(p.getKey()) || random.nextBoolean()) {
                args.set(p.getKey(), plausible(p.getKey(), p.getValue()));
            }
        }
        return args;
    }

    private JsonNode plausible(String name, JsonNode schema) {
        if (name.endsWith("exe_id")) {
            return F.textNode(exeIds.get(random.nextInt(100) < 70 ? 0 : random.nextInt(exeIds.size())));
        }
        if (name.endsWith("path") || name.equals("cwd")) {
            return F.textNode(sandbox + "/" + pick(new String[] {"a.txt", "dir", "dir/b.txt", "missing", "new-" + random.nextInt(50)}));
        }
        if (name.equals("command")) {
            return random.nextInt(4) == 0 ? F.arrayNode().add("echo").add("argv") : F.textNode(pick(HARMLESS_COMMANDS));
        }
        if (name.equals("signal")) {
            return F.textNode(pick(SIGNALS));
        }
        if (name.equals("encoding")) {
            return F.textNode(pick(ENCODINGS));
        }
        if (name.equals("session_id")) {
            return F.textNode(random.nextBoolean() ? "s-" + random.nextInt(1000) : Integer.toString(random.nextInt(10)));
        }
        if (name.equals("yield_ms") || name.equals("timeout_ms")) {
            return F.numberNode(random.nextInt(2000));
        }
        if (name.equals("depth")) {
            return F.numberNode(random.nextInt(4));
        }
        if (name.equals("env")) {
            return F.objectNode().put("EXEMUX_FUZZ", "1");
        }
        return switch (type(schema)) {
            case "integer", "number" -> F.numberNode(random.nextInt(100));
            case "boolean" -> F.booleanNode(random.nextBoolean());
            case "array" -> F.arrayNode().add("x");
            case "object" -> F.objectNode();
            default -> F.textNode(text());
        };
    }

    private static String type(JsonNode schema) {
        if (schema.has("type")) {
            return schema.path("type").asText();
        }
        JsonNode anyOf = schema.path("anyOf");
        return anyOf.isArray() && anyOf.size() > 0 ? type(anyOf.get(0)) : "string";
    }

    private void mutate(ToolDefinition tool, ObjectNode args) {
        List<String> names = new ArrayList<>();
        tool.inputSchema().path("properties").fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() ? "x" : pick(names.toArray(String[]::new));
        switch (random.nextInt(9)) {
            case 0, 1 -> args.set(field, wrongType());
            case 2 -> args.remove(field);
            case 3 -> args.set(pick(new String[] {"extra", "__proto__", "constructor", "", "exe_id ", "\u0000"}), wrongType());
            case 4 -> args.set(field, F.textNode(huge(field)));
            case 5 -> {
                if (field.endsWith("path") || field.equals("cwd")) {
                    args.set(field, F.textNode(oddPath()));
                } else {
                    args.set(pick(pathFields(names)), F.textNode(oddPath()));
                }
            }
            case 6 -> args.set(names.stream().filter(n -> n.endsWith("exe_id")).findFirst().orElse("exe_id"), oddExeId());
            case 7 -> args.set(field, oddNumber());
            default -> args.set(field, F.textNode(oddText()));
        }
        // A mutation may have made "command" something else; it stays harmless whatever its type.
        JsonNode command = args.get("command");
        if (command != null && command.isTextual() && !isHarmless(command.asText())) {
            args.put("command", pick(HARMLESS_COMMANDS));
        }
    }

    private static String[] pathFields(List<String> names) {
        String[] paths = names.stream().filter(n -> n.endsWith("path") || n.equals("cwd")).toArray(String[]::new);
        return paths.length == 0 ? new String[] {"path"} : paths;
    }

    private static boolean isHarmless(String command) {
        for (String c : HARMLESS_COMMANDS) {
            if (c.equals(command)) {
                return true;
            }
        }
        return command.chars().allMatch(c -> c >= 'a' && c <= 'z'); // "command not found"
    }

    private JsonNode wrongType() {
        return switch (random.nextInt(9)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextLong());
            case 3 -> F.numberNode(random.nextDouble() * 1e300);
            case 4 -> F.arrayNode().add(1).add("two").addNull();
            case 5 -> F.objectNode().put("nested", true).set("deeper", F.arrayNode().add(F.objectNode()));
            case 6 -> deep(random.nextInt(10, 400));
            case 7 -> F.textNode("");
            default -> F.arrayNode();
        };
    }

    private JsonNode deep(int depth) {
        JsonNode n = F.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            n = random.nextBoolean() ? F.arrayNode().add(n) : F.objectNode().set("d", n);
        }
        return n;
    }

    private JsonNode oddNumber() {
        return switch (random.nextInt(7)) {
            case 0 -> F.numberNode(-1);
            case 1 -> F.numberNode(0);
            case 2 -> F.numberNode(Long.MAX_VALUE);
            case 3 -> F.numberNode(Long.MIN_VALUE);
            case 4 -> F.numberNode(1.5);
            case 5 -> F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            default -> F.textNode("100");
        };
    }

    /**
     * Mostly 1 to 64 K letters (harmless as a command) or 1 to 10 K mixed multi-byte characters; one in
     * fifty {@code hugeMax / 2} to {@code hugeMax} letters.
     */
    private String huge(String field) {
        if (random.nextInt(50) == 0) {
            return "a".repeat(random.nextInt(hugeMax / 2, hugeMax + 1));
        }
        if (field.equals("command") || random.nextBoolean()) {
            return "a".repeat(random.nextInt(1024, 64 * 1024));
        }
        return "é\u4e2d\ud83d\ude80x".repeat(random.nextInt(200, 2000)); // escaped in the cases file: 6 bytes a char
    }

    private String oddPath() {
        String s = sandbox;
        return switch (random.nextInt(20)) {
            case 0 -> "relative/file.txt";
            case 1 -> "../../etc/passwd";
            case 2 -> "./a.txt";
            case 3 -> "~/a.txt";
            case 4 -> "";
            case 5 -> s + "/dir/../a.txt";
            case 6 -> s + "/../" + Path.of(s).getFileName() + "/a.txt"; // leaves the sandbox and comes back
            case 7 -> s + "/a\u0000b";
            case 8 -> "\u0000";
            case 9 -> s + "/" + "n".repeat(random.nextInt(250, 300)); // around NAME_MAX
            case 10 -> s + "/" + "d/".repeat(random.nextInt(1000, 3000)) + "f"; // beyond PATH_MAX
            case 11 -> s + "/" + "x".repeat(random.nextInt(5000, 70000));
            case 12 -> s + "/lone-\ud800-high";
            case 13 -> s + "/lone-\udfff-low";
            case 14 -> s + "/é 文件 🚀.txt";
            case 15 -> s + "/line\nbreak\r\ttab\u001b[31m";
            case 16 -> s + "///dir//./b.txt/";
            case 17 -> s + "/dir/.";
            case 18 -> s + "/\u202eevil\u200b";
            default -> s + "/\ufffe\uffff";
        };
    }

    private JsonNode oddExeId() {
        return switch (random.nextInt(10)) {
            case 0 -> F.textNode("");
            case 1 -> F.textNode("nope");
            case 2 -> F.textNode("../local");
            case 3 -> F.textNode("a".repeat(129));
            case 4 -> F.textNode("x".repeat(random.nextInt(1000, 100_000)));
            case 5 -> F.textNode("local\u0000");
            case 6 -> F.textNode("LOCAL");
            case 7 -> F.textNode("bad id\ud800");
            case 8 -> F.numberNode(7);
            default -> F.textNode("ünïcode");
        };
    }

    private String oddText() {
        return switch (random.nextInt(6)) {
            case 0 -> "\u0000\u0001\u0002";
            case 1 -> "\ud800";
            case 2 -> "%s%n%x{}${jndi:ldap://x}";
            case 3 -> "'\"\\`$(true)";
            case 4 -> "\r\n\r\n";
            default -> "🚀".repeat(100);
        };
    }

    private String text() {
        return pick(new String[] {"hello", "line one\nline two\n", "", "x"});
    }

    private JsonNode notAnObject() {
        return pick(new JsonNode[] {F.arrayNode().add(1), F.textNode("args"), F.numberNode(1), F.booleanNode(true)});
    }

    // ---- raw lines --------------------------------------------------------------------------------

    Raw raw() {
        String id = "\"raw-" + (++rawIds) + "\"";
        return switch (random.nextInt(24)) {
            case 0 -> nullReply("this is not JSON");
            case 1 -> nullReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\"");   // cut short
            case 2 -> nullReply("{\"jsonrpc\":\"2.0\",\"id\":1} trailing");
            case 3 -> garbage();
            case 4 -> nonUtf8(id);
            case 5 -> nullReply("[{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}]");       // a batch
            case 6 -> nullReply("[]");
            case 7 -> nullReply(pick(new String[] {"42", "\"str\"", "null", "true"}));
            case 8 -> idReply("{\"jsonrpc\":\"1.0\",\"id\":" + id + ",\"method\":\"ping\"}", id);
            case 9 -> noReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + "}");                                 // no method
            case 10 -> noReply("{\"id\":" + id + ",\"method\":\"ping\",\"jsonrpc\":2}".replace("\"method\"", "\"x\""));
            case 11 -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":42}", id);
            case 12 -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":\"x\"}", id);
            case 13 -> hugeId();
            case 14 -> nullReply("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}");
            case 15 -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"no/such/method\"}", id);
            case 16 -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"stat_path\","
                    + "\"arguments\":{\"exe_id\":\"local\",\"path\":\"" + sandbox + "/\\ud800\"}}}", id);
            case 17 -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}", id);
            case 18 -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"read_file\","
                    + "\"arguments\":[1,2]}}", id);
            case 19 -> noReply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":[1]}}");
            case 20 -> noReply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{}}");
            case 21, 22 -> idReply(modernWithBrokenMeta(id), id);
            default -> idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\",\"params\":[]}", id);
        };
    }

    /** A 2026-07-28-era request whose {@code _meta} is broken in one way: each must get its own error reply. */
    private String modernWithBrokenMeta(String id) {
        String v = "\"io.modelcontextprotocol/protocolVersion\"";
        String caps = "\"io.modelcontextprotocol/clientCapabilities\"";
        String meta = pick(new String[] {
            "{" + v + ":42," + caps + ":{}}",                      // version not a string
            "{" + v + ":\"\"," + caps + ":{}}",                    // blank version
            "{" + v + ":\"1900-01-01\"," + caps + ":{}}",          // unsupported revision
            "{" + v + ":\"2026-07-28\"}",                          // capabilities missing
            "{" + v + ":\"2026-07-28\"," + caps + ":\"all\"}",     // capabilities not an object
            "{" + v + ":\"2026-07-28\"," + caps + ":{\"extensions\":7}}",
            "{" + v + ":\"2026-07-28\"," + caps + ":{},\"io.modelcontextprotocol/clientInfo\":[1]}",
            "{" + v + ":[\"2026-07-28\"]," + caps + ":{}}"});
        String method = pick(new String[] {"tools/list", "server/discover", "tools/call"});
        String params = "tools/call".equals(method)
                ? "{\"name\":\"stat_path\",\"arguments\":{\"exe_id\":\"local\",\"path\":\"" + sandbox + "\"},\"_meta\":" + meta + "}"
                : "{\"_meta\":" + meta + "}";
        if (random.nextInt(8) == 0) {
            params = "{\"_meta\":\"2026-07-28\"}"; // _meta not an object
            method = "server/discover";
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private static Raw nullReply(String line) {
        return new Raw(line.getBytes(StandardCharsets.UTF_8), "null", null);
    }

    private static Raw idReply(String line, String idJson) {
        return new Raw(line.getBytes(StandardCharsets.UTF_8), "id", idJson);
    }

    private static Raw noReply(String line) {
        return new Raw(line.getBytes(StandardCharsets.UTF_8), "none", null);
    }

    /** Random bytes without a newline (one line) and with at least one non-blank byte. */
    private Raw garbage() {
        byte[] b = new byte[random.nextInt(1, 4096)];
        for (int i = 0; i < b.length; i++) {
            int v;
            do {
                v = random.nextInt(256);
            } while (v == '\n');
            b[i] = (byte) v;
        }
        b[0] = (byte) 0xff;
        return new Raw(b, "null", null);
    }

    /** A request whose path holds bytes that are not UTF-8: invalid JSON text. */
    private Raw nonUtf8(String id) {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"stat_path\","
                + "\"arguments\":{\"exe_id\":\"local\",\"path\":\"" + sandbox + "/";
        String tail = "\"}}}";
        byte[] bad = pick(new byte[][] {{(byte) 0xff}, {(byte) 0xc3, (byte) 0x28}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}});
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[h.length + bad.length + t.length];
        System.arraycopy(h, 0, line, 0, h.length);
        System.arraycopy(bad, 0, line, h.length, bad.length);
        System.arraycopy(t, 0, line, h.length + bad.length, t.length);
        return new Raw(line, "null", null);
    }

    /** Ids at and beyond the edges: strings and integers within a long are answered, other numbers refused (id null). */
    private Raw hugeId() {
        if (random.nextBoolean()) {
            String id = pick(new String[] {"9223372036854775807", "-9223372036854775808", "-1",
                    "\"" + "i".repeat(random.nextInt(10_000, 200_000)) + "\""});
            return idReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}", id);
        }
        String id = pick(new String[] {"123456789012345678901234567890", "-9223372036854775809", "1e308", "1.5", "1.0", "null"});
        return nullReply("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private ToolDefinition pick(List<ToolDefinition> values) {
        return values.get(random.nextInt(values.size()));
    }
}
