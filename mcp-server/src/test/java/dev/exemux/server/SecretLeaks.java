package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows what a secret looks like in an exemux environment, and checks that none
 * reaches what a client or its user sees (stdout, stderr, tool results). Every end-to-end run goes
 * through it: {@link McpClientDriver#run()}, {@link ExemuxEndToEndIT#runLauncher} and the hostile-input
 * driver.
 */
final class SecretLeaks {

    /** Shorter values are not searched for: they would match by chance. Tests use long secrets. */
    static final int MIN_LENGTH = 8;
    /** A relay ticket as the gateway mints it; exemux hands it to executors only, never to the client. */
    static final Pattern TICKET = Pattern.compile("rly_[0-9a-fA-F]{8,}");

    private static final List<String> SECRET_VARIABLES = List.of("EXEMUX_TOKEN", "EXEMUX_RELAY_SECRET");
    private static final List<String> URL_VARIABLES = List.of("EXEMUX_GATEWAY_URL", "EXEMUX_RELAY_URL", "EXEMUX_EXECUTORS");
    private static final Pattern USERINFO = Pattern.compile("://([^/@\\s,]*)@");
    private static final Pattern QUERY_VALUE = Pattern.compile("[?&][^=&#\\s,]+=([^&#\\s,]+)");

    private SecretLeaks() {}

    /**
     * Every secret in a server environment: the token and relay secret, the contents of their
     * {@code _FILE}s, and credentials written into URLs (userinfo, query values).
     */
    static Set<String> in(Map<String, String> env) {
        Set<String> secrets = new LinkedHashSet<>();
        for (String name : SECRET_VARIABLES) {
            add(secrets, env.get(name));
            String file = env.get(name + "_FILE");
            if (file != null && !file.isBlank()) {
                try {
                    String contents = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
                    add(secrets, contents);
                    contents.lines().forEach(line -> add(secrets, line));
                } catch (IOException | RuntimeException e) {
                    // unreadable: nothing of it can leak
                }
            }
        }
        for (String name : URL_VARIABLES) {
            String v = env.get(name);
            if (v == null) {
                continue;
            }
            for (Pattern p : List.of(USERINFO, QUERY_VALUE)) {
                Matcher m = p.matcher(v);
                while (m.find()) {
                    String credentials = m.group(1);
                    add(secrets, credentials);
                    add(secrets, URLDecoder.decode(credentials, StandardCharsets.UTF_8));
                    int colon = credentials.indexOf(':');
                    if (colon >= 0) {
                        add(secrets, credentials.substring(colon + 1)); // the password alone
                    }
                }
            }
        }
        return secrets;
    }

    private static void add(Set<String> secrets, String value) {
        if (value != null && value.strip().length() >= MIN_LENGTH) {
            secrets.add(value.strip());
        }
    }

    /** Fails naming where a secret (or any relay ticket) appears among {@code outputs} (name -> text). */
    static void assertNone(Set<String> secrets, Map<String, String> outputs) {
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            String text = output.getValue();
            if (text == null) {
                continue;
            }
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    fail("a secret (" + secret.length() + " characters, starting '" + secret.substring(0, 3) + "') appears in "
                            + output.getKey() + " near: " + around(text, text.indexOf(secret), secret.length()));
                }
            }
            Matcher ticket = TICKET.matcher(text);
            if (ticket.find()) {
                fail("a relay ticket appears in " + output.getKey() + " near: " + around(text, ticket.start(), ticket.end() - ticket.start()));
            }
        }
    }

    /** The text around a leak, with the leak itself masked (test reports are logs too). */
    private static String around(String text, int at, int length) {
        int from = Math.max(0, at - 80);
        int to = Math.min(text.length(), at + length + 80);
        return text.substring(from, at) + "<SECRET>" + text.substring(at + length, to);
    }
}
