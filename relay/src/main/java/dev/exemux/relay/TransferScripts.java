package dev.exemux.relay;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.ProcessSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one script each side of a relay transfer runs on its executor, and what it prints. The upload
 * script PUTs the file and then hashes it; the download script GETs into a file, hashes what arrived and, for
 * a directory, unpacks it. Each reports after a random mark per transfer (HTTP status, byte count, checksum)
 * and ends with {@code <mark> done} when it succeeded.
 *
 * <p>The ticket and its URL reach curl only through the process environment, turned into a curl config on
 * stdin by a here-document: they are in no argv. curl speaks only the protocols the relay's own URL allows
 * and follows no redirect ({@link TransferUrlGuard#curlOptions()}).
 *
 * <p>Public so that bench/copy can fork these very scripts on its own machine, without exemux, an
 * exec-server or a gateway in between: the most a relay copy can reach there.
 */
public final class TransferScripts {

    static final String TICKET_VAR = "EXEMUX_RELAY_TICKET";
    static final String URL_VAR = "EXEMUX_RELAY_TRANSFER_URL";

    /** curl's config (url + header) comes from stdin, built by the shell from the environment. */
    private static final String CONFIG_FROM_ENV = " -K - <<EOF\n"
            + "url = \"$" + URL_VAR + "\"\n"
            + "header = \"Authorization: Bearer $" + TICKET_VAR + "\"\n"
            + "EOF\n";
    /**
     * The last line a transfer script prints when it succeeded: the copy goes on from there, without waiting
     * for the exit notifications that can trail it by a delayed ACK ({@link ProcessRunner#start(Executor,
     * ProcessSpec, String)}).
     */
    private static final String DONE = "printf '%s done\\n' \"$m\"\n";
    /** $1 file, $2 max seconds, $3 the mark, $4 the script's own argument; then curl's guard options ("$@"). */
    private static final String PREAMBLE = RemoteCommands.SHA256_FUNCTION
            + "f=$1; t=$2; m=$3; a=$4; shift 4\n"
            + "command -v curl >/dev/null 2>&1 || exit 127\n";
    /**
     * The upload, then (when $4 is 1) the file's checksum. Both scripts print the HTTP status, so that an
     * answer other than 200 (a redirect curl did not follow) is seen. Terminating the process stops curl
     * too: an executor terminates a process's whole group.
     */
    private static final String UPLOAD = PREAMBLE
            + "curl -sS -T \"$f\" -X PUT -H 'Expect:' --max-time \"$t\" \"$@\" -w \"\\n$m http %{http_code}\\n\""
            + CONFIG_FROM_ENV
            + "c=$?\n"
            + "if [ $c -eq 0 ] && [ \"$a\" = 1 ] && h=$(sha256_of \"$f\" 2>/dev/null); then printf '%s sha256 %.64s\\n' \"$m\" \"$h\"; fi\n"
            + "[ $c -ne 0 ] || " + DONE
            + "exit $c\n";
    /** The download into $1, its checksum and, when $4 names a directory, the archive unpacked into it. */
    private static final String DOWNLOAD = PREAMBLE
            + "curl -sS -f -o \"$f\" --max-time \"$t\" \"$@\" -w \"$m http %{http_code} %{size_download}\\n\""
            + CONFIG_FROM_ENV
            + "c=$?\n"
            + "[ $c -eq 0 ] || exit $c\n"
            + "if h=$(sha256_of \"$f\" 2>/dev/null); then printf '%s sha256 %.64s\\n' \"$m\" \"$h\"; fi\n"
            + "if [ -n \"$a\" ]; then mkdir -- \"$a\" && tar -C \"$a\" -xf \"$f\" || { printf '%s unpack failed\\n' \"$m\"; exit 1; }; fi\n"
            + DONE;

    private final List<String> curlOptions;

    TransferScripts(TransferUrlGuard guard) {
        this.curlOptions = guard.curlOptions();
    }

    /** Scripts whose curl speaks only what {@code relayUrl}'s scheme allows (as exemux's own do). */
    public static TransferScripts forRelay(URI relayUrl) {
        return new TransferScripts(new TransferUrlGuard(relayUrl, List.of()));
    }

    /**
     * A fresh mark for one transfer's report lines: 122 random bits (a random UUID's, whose SecureRandom is
     * made on first use, not while exemux starts).
     */
    public static String newMark() {
        return "exemux-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The last line of a script that succeeded. */
    public static String doneLine(String mark) {
        return mark + " done\n";
    }

    /** The upload of {@code file}, then its SHA-256 when {@code hashIt}; curl gives up after {@code maxSeconds}. */
    public ProcessSpec upload(Ticket ticket, String file, long maxSeconds, String mark, boolean hashIt) {
        return spec(UPLOAD, ticket, ticket.uploadUrl(), file, maxSeconds, mark, hashIt ? "1" : "0");
    }

    /**
     * The download into {@code file}, its SHA-256 and, unless {@code unpackInto} is null, the archive unpacked
     * into that new directory.
     */
    public ProcessSpec download(Ticket ticket, String file, long maxSeconds, String mark, String unpackInto) {
        return spec(DOWNLOAD, ticket, ticket.downloadUrl(), file, maxSeconds, mark, unpackInto == null ? "" : unpackInto);
    }

    private ProcessSpec spec(String script, Ticket ticket, URI url, String file, long maxSeconds, String mark,
            String argument) {
        List<String> args = new ArrayList<>(List.of(file, Long.toString(maxSeconds), mark, argument));
        args.addAll(curlOptions);
        return RemoteCommands.sh(script, Map.of(TICKET_VAR, ticket.value(), URL_VAR, url.toString()),
                args.toArray(String[]::new));
    }

    /** Whether the ticket and its URLs fit in the curl config the scripts build (no quote, escape or expansion). */
    static boolean fitsConfig(Ticket t) {
        for (String s : List.of(t.value(), t.uploadUrl().toString(), t.downloadUrl().toString())) {
            if (s.chars().anyMatch(c -> c == '"' || c == '\\' || c == '$' || c == '`' || c < 0x20)) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a transfer script printed: the lines after the mark (HTTP status, byte count, checksum, unpacking)
     * and, before them, the relay's answer body (the upload's only).
     */
    static final class Report {
        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        final ProcessRunner.Result result;
        String body = "";
        String status = "";
        long bytes = -1;
        String sha256;
        boolean unpackFailed;

        private Report(ProcessRunner.Result result) {
            this.result = result;
        }

        static Report of(ProcessRunner.Result result, String mark) {
            Report r = new Report(result);
            String out = result.stdout();
            String prefix = mark + " ";
            int first = out.startsWith(prefix) ? 0 : out.indexOf("\n" + prefix);
            if (first < 0) {
                r.body = out.strip();
                return r;
            }
            r.body = out.substring(0, first).strip();
            for (String line : out.substring(first).split("\n")) {
                if (!line.startsWith(prefix)) {
                    continue;
                }
                String[] f = line.substring(prefix.length()).strip().split(" ");
                switch (f[0]) {
                    case "http" -> {
                        r.status = f.length > 1 ? f[1] : "";
                        r.bytes = f.length > 2 ? parseLong(f[2]) : -1;
                    }
                    case "sha256" -> r.sha256 = f.length > 1 && SHA256.matcher(f[1]).matches() ? f[1] : null;
                    case "unpack" -> r.unpackFailed = true;
                    default -> { } // "done", the last line of a script that succeeded
                }
            }
            return r;
        }

        private static long parseLong(String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
