package dev.exemux.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the operator who launches exemux restricts, whatever the model asks: read-only mode and the
 * exe_ids that may be used.
 *
 * @param readOnly only tools that change nothing are listed and served ({@code EXEMUX_READ_ONLY})
 * @param allowedExeIds glob patterns an exe_id must match ({@code EXEMUX_ALLOWED_EXE_IDS}); empty: any
 */
record OperatorPolicy(boolean readOnly, List<String> allowedExeIds) {

    public static final String READ_ONLY = "EXEMUX_READ_ONLY";
    public static final String ALLOWED_EXE_IDS = "EXEMUX_ALLOWED_EXE_IDS";

    /** exe_id characters plus the two glob wildcards. */
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._:*?-]+");

    static final OperatorPolicy NONE = new OperatorPolicy(false, List.of());

    OperatorPolicy {
        allowedExeIds = List.copyOf(allowedExeIds);
    }

    /** @throws ConfigException naming the bad variable */
    static OperatorPolicy fromEnvironment(Map<String, String> env) {
        return new OperatorPolicy(ExemuxConfig.onOff(env, READ_ONLY, false), patterns(ExemuxConfig.value(env, ALLOWED_EXE_IDS)));
    }

    private static List<String> patterns(String v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String p : v.split(",")) {
            String pattern = p.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            if (!GLOB.matcher(pattern).matches() || pattern.length() > 256) {
                throw new ConfigException(ALLOWED_EXE_IDS, "pattern '" + ExemuxConfig.printable(pattern)
                        + "' may contain only exe_id characters (letters, digits, '.', '_', ':', '-') and the wildcards * and ?");
            }
            if (!out.contains(pattern)) {
                out.add(pattern);
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(ALLOWED_EXE_IDS, "lists no pattern; expected comma-separated globs such as build-*,local");
        }
        return out;
    }

    @Override
    public String toString() {
        return "readOnly=" + (readOnly ? "on" : "off") + ", allowedExeIds=" + (allowedExeIds.isEmpty() ? "any" : allowedExeIds);
    }
}
