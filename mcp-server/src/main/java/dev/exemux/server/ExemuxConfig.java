package dev.exemux.server;

import dev.exemux.executor.ExeIds;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything exemux is told, read only from the environment. Blank variables count as unset (MCP
 * client configs often write {@code ""} for "not set").
 *
 * @param gatewayUrl {@code ws(s)://…/bridge}, or null (gateway mode off)
 * @param token bearer token for the gateway or the exec-servers, or null (secret)
 * @param executors direct mode: exe_id -> exec-server URL, in the order given
 * @param relayUrl the gateway's relay endpoint, or null
 * @param relaySecret the secret that mints relay tickets, or null (secret)
 * @param workspaceId the gateway workspace, or null
 * @param localEnabled serve exe_id {@code local} in-process
 * @param logLevel error, warn, info or debug
 * @param policy the operator's restrictions (read-only mode, allowed exe_ids)
 * @param relayHosts hosts ({@code host} or {@code host:port}) besides the relay's own that relay tickets'
 *     transfer URLs may name; empty: the relay's own host and port only
 */
public record ExemuxConfig(
        URI gatewayUrl,
        String token,
        Map<String, URI> executors,
        URI relayUrl,
        String relaySecret,
        String workspaceId,
        boolean localEnabled,
        String logLevel,
        OperatorPolicy policy,
        List<String> relayHosts) {

    public static final String GATEWAY_URL = "EXEMUX_GATEWAY_URL";
    public static final String TOKEN = "EXEMUX_TOKEN";
    public static final String EXECUTORS = "EXEMUX_EXECUTORS";
    public static final String RELAY_URL = "EXEMUX_RELAY_URL";
    public static final String RELAY_SECRET = "EXEMUX_RELAY_SECRET";
    public static final String WORKSPACE_ID = "EXEMUX_WORKSPACE_ID";
    public static final String RELAY_HOSTS = "EXEMUX_RELAY_HOSTS";
    public static final String LOCAL = "EXEMUX_LOCAL";
    public static final String LOG_LEVEL = "EXEMUX_LOG_LEVEL";
    public static final String FILE_SUFFIX = "_FILE";

    /** The exe_id of the embedded executor. */
    public static final String LOCAL_ID = "local";

    public ExemuxConfig {
        executors = Collections.unmodifiableMap(new LinkedHashMap<>(executors));
        relayHosts = List.copyOf(relayHosts);
    }

    /** @throws ConfigException naming the first bad variable */
    public static ExemuxConfig fromEnvironment(Map<String, String> env) {
        String logLevel = logLevel(env);
        URI gateway = gatewayUrl(env);
        String token = secret(env, TOKEN);
        Map<String, URI> executors = executors(env);
        if (gateway != null && token == null) {
            throw new ConfigException(TOKEN, "required when " + GATEWAY_URL + " is set (or set " + TOKEN + FILE_SUFFIX + ")");
        }
        URI relay = relayUrl(env);
        String relaySecret = secret(env, RELAY_SECRET);
        String workspace = workspaceId(env);
        boolean local = local(env, gateway == null && executors.isEmpty());
        if (local && executors.containsKey(LOCAL_ID)) {
            throw new ConfigException(EXECUTORS, "exe_id '" + LOCAL_ID + "' is the embedded executor's; rename that entry or set "
                    + LOCAL + "=off");
        }
        OperatorPolicy policy = OperatorPolicy.fromEnvironment(env);
        return new ExemuxConfig(gateway, token, executors, relay, relaySecret, workspace, local, logLevel, policy,
                relayHosts(env));
    }

    /** True when some remote executor is configured (gateway or direct). */
    public boolean hasRemote() {
        return gatewayUrl != null || !executors.isEmpty();
    }

    /** Never shows the token or the relay secret. */
    @Override
    public String toString() {
        return "ExemuxConfig[gateway=" + gatewayUrl + ", executors=" + executors + ", token=" + (token == null ? "none" : "set")
                + ", relay=" + relayUrl + ", relaySecret=" + (relaySecret == null ? "none" : "set") + ", workspace=" + workspaceId
                + ", relayHosts=" + relayHosts + ", local=" + (localEnabled ? "on" : "off") + ", logLevel=" + logLevel + ", " + policy + "]";
    }

    static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String logLevel(Map<String, String> env) {
        String v = value(env, LOG_LEVEL);
        if (v == null) {
            return "info";
        }
        String level = v.toLowerCase(Locale.ROOT);
        return switch (level) {
            case "error", "warn", "info", "debug" -> level;
            case "warning" -> "warn";
            default -> throw new ConfigException(LOG_LEVEL, "must be error, warn, info or debug, not '" + printable(v) + "'");
        };
    }

    private static URI gatewayUrl(Map<String, String> env) {
        String v = value(env, GATEWAY_URL);
        if (v == null) {
            return null;
        }
        URI uri = webSocketUrl(GATEWAY_URL, v, "wss://gateway.example/bridge");
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith("/bridge")) {
            throw new ConfigException(GATEWAY_URL, "must end in /bridge (e.g. wss://gateway.example/bridge); exemux appends /<exe_id>");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
    }

    private static Map<String, URI> executors(Map<String, String> env) {
        String v = value(env, EXECUTORS);
        Map<String, URI> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        String[] entries = v.split(",");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i].strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq < 0) {
                // Not echoed: the entry may hold credentials in its URL.
                throw new ConfigException(EXECUTORS, "entry " + (i + 1) + " is not id=ws://host:port (e.g. box=ws://10.0.0.5:7777)");
            }
            String id = e.substring(0, eq).strip();
            String problem = ExeIds.problem(id);
            if (problem != null) {
                throw new ConfigException(EXECUTORS, "entry '" + printable(id) + "': " + problem);
            }
            if (out.containsKey(id)) {
                throw new ConfigException(EXECUTORS, "exe_id '" + id + "' is listed twice");
            }
            out.put(id, webSocketUrl(EXECUTORS, e.substring(eq + 1).strip(), "ws://10.0.0.5:7777", "entry '" + id + "': "));
        }
        if (out.isEmpty()) {
            throw new ConfigException(EXECUTORS, "lists no executor; expected id=ws://host:port[,id2=ws://host:port]");
        }
        return out;
    }

    private static URI relayUrl(Map<String, String> env) {
        String v = value(env, RELAY_URL);
        if (v == null) {
            return null;
        }
        URI uri = parse(RELAY_URL, v, "");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(RELAY_URL, "must start with https:// or http:// (e.g. https://gateway.example/relay)");
        }
        requireHostWithoutCredentials(RELAY_URL, uri, "");
        return uri;
    }

    private static final Pattern RELAY_HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])"
                    + "(?::([0-9]{1,5}))?");

    /** {@code host[:port]} entries, comma-separated; without a port an entry means the scheme's default port. */
    private static List<String> relayHosts(Map<String, String> env) {
        String v = value(env, RELAY_HOSTS);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String entry : v.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            Matcher m = RELAY_HOST.matcher(e);
            int port = m.matches() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 443;
            if (!m.matches() || port < 1 || port > 65535) {
                throw new ConfigException(RELAY_HOSTS, "entry '" + printable(e) + "' is not host or host:port"
                        + " (e.g. relay.example.com,10.0.0.7:8443); no scheme, path or user");
            }
            out.add(e.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String workspaceId(Map<String, String> env) {
        String v = value(env, WORKSPACE_ID);
        if (v != null && !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(WORKSPACE_ID, "must be printable ASCII without spaces");
        }
        return v;
    }

    private static boolean local(Map<String, String> env, boolean fallback) {
        return onOff(env, LOCAL, fallback);
    }

    /** A switch: on/true/1/yes or off/false/0/no. */
    static boolean onOff(Map<String, String> env, String name, boolean fallback) {
        String v = value(env, name);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> throw new ConfigException(name, "must be on or off, not '" + printable(v) + "'");
        };
    }

    /** {@code NAME} or the trimmed contents of the file named by {@code NAME_FILE}; never both. */
    private static String secret(Map<String, String> env, String name) {
        String fileVar = name + FILE_SUFFIX;
        String direct = value(env, name);
        String file = value(env, fileVar);
        if (direct != null && file != null) {
            throw new ConfigException(name, "set only one of " + name + " and " + fileVar);
        }
        if (direct != null) {
            return singleLine(name, direct);
        }
        if (file == null) {
            return null;
        }
        String contents;
        try {
            contents = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (InvalidPathException | IOException | SecurityException e) {
            throw new ConfigException(fileVar, "cannot read " + file + " (" + reason(e) + ")");
        }
        if (contents.isEmpty()) {
            throw new ConfigException(fileVar, file + " is empty");
        }
        return singleLine(fileVar, contents);
    }

    private static String singleLine(String variable, String secret) {
        if (!secret.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new ConfigException(variable, "must be a single line without control characters");
        }
        return secret;
    }

    private static URI webSocketUrl(String variable, String v, String example) {
        return webSocketUrl(variable, v, example, "");
    }

    private static URI webSocketUrl(String variable, String v, String example, String where) {
        URI uri = parse(variable, v, where);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new ConfigException(variable, where + "must start with ws:// or wss:// (e.g. " + example + ")");
        }
        requireHostWithoutCredentials(variable, uri, where);
        return uri;
    }

    private static URI parse(String variable, String v, String where) {
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException(variable, where + "is not a valid URL (" + e.getReason() + ")");
        }
    }

    private static void requireHostWithoutCredentials(String variable, URI uri, String where) {
        if (uri.getHost() == null) {
            throw new ConfigException(variable, where + "has no host name");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(variable, where + "must not contain credentials, a query or a fragment"
                    + " (tokens go in " + TOKEN + " / " + RELAY_SECRET + ")");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException || e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getClass().getSimpleName();
    }

    /** A user-supplied non-secret value, shortened and stripped of control characters for a one-line message. */
    static String printable(String v) {
        String s = v.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
