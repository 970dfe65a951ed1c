package dev.exemux.executor;

import java.util.regex.Pattern;

/** The one rule for what an exe_id may look like, checked before anything is dialed. */
public final class ExeIds {

    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]+");

    private ExeIds() {}

    /** @return null when {@code exeId} is acceptable, else why not */
    public static String problem(String exeId) {
        if (exeId == null || exeId.isEmpty()) {
            return "exe_id must not be empty";
        }
        if (exeId.length() > MAX_LENGTH) {
            return "exe_id is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(exeId).matches()) {
            return "exe_id may contain only letters, digits, '.', '_', ':' and '-'";
        }
        if (exeId.equals(".") || exeId.equals("..")) {
            // As a URL path segment they would leave the gateway's /bridge/ path.
            return "exe_id must not be '.' or '..'";
        }
        return null;
    }

    /** @throws UnknownExecutorException if {@code exeId} is malformed */
    public static String require(String exeId) {
        String problem = problem(exeId);
        if (problem != null) {
            throw new UnknownExecutorException(null, problem + ".");
        }
        return exeId;
    }
}
