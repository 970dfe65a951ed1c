package dev.exemux.relay;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Decides whether a ticket's upload or download URL may be handed to an executor's curl. A relay's
 * answer is input like any other: a forged or compromised one must not make an executor send a file, or
 * the ticket, anywhere but the relay. A URL passes only when
 * <ul>
 * <li>its scheme is {@code https}, or {@code http} when the relay itself is reached over http;
 * <li>it has no userinfo;
 * <li>its host and port are the relay's own, or listed in {@code EXEMUX_RELAY_HOSTS} ({@code host}
 *     alone means the scheme's default port);
 * <li>it names no loopback, link-local or cloud metadata address, unless the relay itself is on one
 *     of that kind (as a test relay on 127.0.0.1 is). Listed host names are resolved here to check
 *     this; a name this machine cannot resolve is left to the executor, which may see another DNS.
 * </ul>
 * Numeric hosts other than a plain dotted quad or a bracketed IPv6 literal ({@code 2852039166},
 * {@code 0xa9.0xfe.0xa9.0xfe}, which curl reads as addresses) are refused outright. Curl is also told to
 * follow no redirect and to speak only the allowed protocols ({@link #curlOptions()}).
 */
final class TransferUrlGuard {

    /** Cloud metadata services: never a relay's transfer address, whatever the relay's own address. */
    private static final Set<String> METADATA = Set.of("169.254.169.254", "169.254.170.2", "100.100.100.200",
            "168.63.129.16", "fd00:ec2:0:0:0:0:0:254");
    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");
    private static final long RESOLVE_MS = 2_000;

    /** Most restricted first. */
    enum AddressKind { METADATA, LOOPBACK, LINK_LOCAL, OTHER }

    private final boolean httpAllowed;
    private final String relayHost;
    private final int relayPort;
    private final List<String> listed;
    private volatile Set<AddressKind> relayKinds;

    TransferUrlGuard(URI relayUrl, List<String> listedHosts) {
        this.httpAllowed = "http".equalsIgnoreCase(relayUrl.getScheme());
        this.relayHost = relayUrl.getHost() == null ? "" : relayUrl.getHost().toLowerCase(Locale.ROOT);
        this.relayPort = effectivePort(relayUrl);
        this.listed = List.copyOf(listedHosts);
    }

    /** curl's options that keep it on the allowed protocols and off redirects. */
    List<String> curlOptions() {
        String protocols = httpAllowed ? "=http,https" : "=https";
        return List.of("--proto", protocols, "--proto-redir", protocols, "--max-redirs", "0", "--globoff");
    }

    /**
     * @param which "upload" or "download", for the message
     * @return null when {@code url} may be given to an executor, else why not (naming no ticket: the caller
     *     scrubs the ticket's value in case a forged URL carries it in its host)
     */
    String problem(URI url, String which) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(httpAllowed && scheme.equals("http"))) {
            return "the relay's " + which + " URL uses scheme '" + printable(scheme) + "', not "
                    + (httpAllowed ? "http or https" : "https");
        }
        if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
            return "the relay's " + which + " URL carries user information";
        }
        String host = url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty()) {
            return "the relay's " + which + " URL has no usable host";
        }
        if (!host.startsWith("[") && !DOTTED_QUAD.matcher(host).matches() && looksNumeric(host)) {
            return "the relay's " + which + " URL names host '" + printable(host) + "', which is neither a plain host name nor a plain address";
        }
        int port = effectivePort(url);
        boolean own = host.equals(relayHost) && port == relayPort;
        if (!own && !isListed(host, port, scheme)) {
            return "the relay's " + which + " URL names " + printable(host) + ":" + port + ", which is neither the relay's own "
                    + printable(relayHost) + ":" + relayPort + " nor listed in " + RelaySettings.HOSTS_VAR;
        }
        AddressKind kind = kindOf(host);
        if (kind != AddressKind.OTHER && !relayKinds().contains(kind)) {
            return "the relay's " + which + " URL names " + printable(host) + ", a " + describe(kind)
                    + " address, while the relay itself is not on one";
        }
        return null;
    }

    private boolean isListed(String host, int port, String scheme) {
        for (String entry : listed) {
            int colon = entry.lastIndexOf(':');
            boolean hasPort = colon > entry.lastIndexOf(']');
            String entryHost = hasPort ? entry.substring(0, colon) : entry;
            int entryPort = hasPort ? parsePort(entry.substring(colon + 1)) : defaultPort(scheme);
            if (entryHost.equals(host) && entryPort == port) {
                return true;
            }
        }
        return false;
    }

    private Set<AddressKind> relayKinds() {
        Set<AddressKind> kinds = relayKinds;
        if (kinds == null) {
            kinds = EnumSet.noneOf(AddressKind.class);
            kinds.add(kindOf(relayHost));
            relayKinds = kinds;
        }
        return kinds;
    }

    /** The most restricted kind among the addresses {@code host} names (resolved when it is a name). */
    static AddressKind kindOf(String host) {
        if (METADATA_NAMES.contains(host)) {
            return AddressKind.METADATA;
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return AddressKind.LOOPBACK;
        }
        AddressKind worst = AddressKind.OTHER;
        for (InetAddress a : resolve(host)) {
            AddressKind k = kindOf(a);
            if (k.ordinal() < worst.ordinal()) {
                worst = k;
            }
        }
        return worst;
    }

    static AddressKind kindOf(InetAddress a) {
        if (METADATA.contains(a.getHostAddress().toLowerCase(Locale.ROOT))) {
            return AddressKind.METADATA;
        }
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return AddressKind.LOOPBACK;
        }
        if (a.isLinkLocalAddress()) {
            return AddressKind.LINK_LOCAL;
        }
        return AddressKind.OTHER;
    }

    /** An IP literal without any lookup; a name through the resolver, bounded; nothing when it cannot be resolved. */
    private static List<InetAddress> resolve(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.contains(":") || DOTTED_QUAD.matcher(literal).matches()) {
            try {
                return List.of(InetAddress.getByName(literal)); // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        try {
            return List.of(CompletableFuture.supplyAsync(() -> {
                try {
                    return InetAddress.getAllByName(literal);
                } catch (UnknownHostException e) {
                    return new InetAddress[0];
                }
            }).get(RESOLVE_MS, TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }
    }

    private static boolean looksNumeric(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        return host.endsWith(".") || NUMERIC_LABEL.matcher(last).matches();
    }

    private static String describe(AddressKind kind) {
        return switch (kind) {
            case LOOPBACK -> "loopback";
            case LINK_LOCAL -> "link-local";
            case METADATA -> "cloud metadata";
            case OTHER -> "routable";
        };
    }

    static int effectivePort(URI url) {
        return url.getPort() >= 0 ? url.getPort() : defaultPort(url.getScheme());
    }

    private static int defaultPort(String scheme) {
        return "http".equalsIgnoreCase(scheme) ? 80 : 443;
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A peer's text for a one-line message: printable ASCII, short. */
    private static String printable(String s) {
        String p = s.chars().map(c -> c > 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return p.length() > 80 ? p.substring(0, 77) + "..." : p;
    }
}
