package dev.exemux.relay;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to mint relay tickets. The relay is on only when url, secret and workspace are present.
 *
 * @param url the relay's internal base URL ({@code EXEMUX_RELAY_URL}); tickets are minted at
 *     {@code <url>/api/exec-gateway/relay/create}
 * @param secret the relay secret ({@code EXEMUX_RELAY_SECRET}); never printed
 * @param workspaceId {@code EXEMUX_WORKSPACE_ID}
 * @param transferHosts {@code EXEMUX_RELAY_HOSTS}: hosts ({@code host} or {@code host:port}, lower case)
 *     besides the relay's own host and port that a ticket's upload and download URLs may name
 */
public record RelaySettings(URI url, String secret, String workspaceId, List<String> transferHosts) {

    public static final String URL_VAR = "EXEMUX_RELAY_URL";
    public static final String SECRET_VAR = "EXEMUX_RELAY_SECRET";
    public static final String WORKSPACE_VAR = "EXEMUX_WORKSPACE_ID";
    public static final String HOSTS_VAR = "EXEMUX_RELAY_HOSTS";

    public RelaySettings {
        transferHosts = transferHosts == null ? List.of()
                : transferHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    /** Ticket URLs only on the relay's own host and port. */
    public RelaySettings(URI url, String secret, String workspaceId) {
        this(url, secret, workspaceId, List.of());
    }

    public static RelaySettings off() {
        return new RelaySettings(null, null, null);
    }

    /** Reads the variables from {@code env}; a blank value counts as missing. */
    public static RelaySettings fromEnv(Map<String, String> env) {
        String url = blankToNull(env.get(URL_VAR));
        String hosts = blankToNull(env.get(HOSTS_VAR));
        return new RelaySettings(url == null ? null : URI.create(url), blankToNull(env.get(SECRET_VAR)),
                blankToNull(env.get(WORKSPACE_VAR)), hosts == null ? List.of() : List.of(hosts.split(",")));
    }

    /** The variables that are missing; empty when the relay is on. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        if (url == null) {
            out.add(URL_VAR);
        }
        if (secret == null || secret.isBlank()) {
            out.add(SECRET_VAR);
        }
        if (workspaceId == null || workspaceId.isBlank()) {
            out.add(WORKSPACE_VAR);
        }
        return out;
    }

    public boolean isComplete() {
        return missing().isEmpty();
    }

    @Override
    public String toString() {
        return "RelaySettings[url=" + url + ", secret=" + (secret == null ? "none" : "<redacted>")
                + ", workspaceId=" + workspaceId + ", transferHosts=" + transferHosts + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
