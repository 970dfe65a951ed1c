package dev.exemux.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Accounting of every tool call a run makes: how many, how many failed cleanly (an {@code isError}
 * result whose message a user can act on), how many failed uncleanly (a protocol error, a stack
 * trace, an empty or oversized message, a secret), how many hung, and the distinct failure messages
 * with ids, paths and numbers folded so that a few thousand failures read as a short list.
 */
final class CallLedger {

    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |\\.java:\\d+|[A-Za-z]+(Exception|Error)\\b|java\\.(lang|io|util|net)\\.|Caused by|dev\\.exemux\\.");
    private static final int MAX_CLEAN_MESSAGE = 2000;

    private final AtomicLong made = new AtomicLong();
    private final AtomicLong failedClean = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong wrongResults = new AtomicLong();
    private final Map<String, AtomicLong> cleanMessages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> uncleanMessages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> wrong = new ConcurrentHashMap<>();
    private final String[] secrets;

    CallLedger(String... secrets) {
        this.secrets = secrets.clone();
    }

    /** Records one outcome; true when it is a successful result the caller should check further. */
    boolean record(String tool, McpSession.Outcome o) {
        made.incrementAndGet();
        if (o.timedOut()) {
            hung.incrementAndGet();
            count(uncleanMessages, tool + ": HUNG (no answer within the client deadline): " + o.error());
            return false;
        }
        if (!o.ok()) {
            count(uncleanMessages, tool + ": protocol error " + o.errorCode() + ": " + fold(o.error()));
            return false;
        }
        String text = o.text();
        for (String secret : secrets) {
            if (secret != null && o.result().toString().contains(secret)) {
                count(uncleanMessages, tool + ": SECRET in the result");
                return false;
            }
        }
        if (!o.isError()) {
            return true;
        }
        reportedFailure(tool, text);
        return false;
    }

    /**
     * A failure the server reported in words: an isError result, or a result that says the work was
     * lost (e.g. {@code state: lost} with its {@code failure}). Clean when a user can act on it.
     */
    void reportedFailure(String tool, String text) {
        if (text.isBlank() || text.length() > MAX_CLEAN_MESSAGE || STACK_TRACE.matcher(text).find()) {
            count(uncleanMessages, tool + ": unclean message: " + text);
            return;
        }
        failedClean.incrementAndGet();
        count(cleanMessages, tool + ": " + fold(text));
    }

    /** A successful result that is wrong (e.g. an exit code or output that does not match the command). */
    void wrongResult(String what) {
        wrongResults.incrementAndGet();
        count(wrong, fold(what));
    }

    long made() {
        return made.get();
    }

    long failedClean() {
        return failedClean.get();
    }

    long failedUnclean() {
        return uncleanMessages.values().stream().mapToLong(AtomicLong::get).sum() - hung.get();
    }

    long hung() {
        return hung.get();
    }

    long wrongResults() {
        return wrongResults.get();
    }

    Map<String, Long> cleanMessages() {
        return snapshot(cleanMessages);
    }

    Map<String, Long> uncleanMessages() {
        return snapshot(uncleanMessages);
    }

    Map<String, Long> wrongResultMessages() {
        return snapshot(wrong);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static void count(Map<String, AtomicLong> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** Folds run-specific detail (paths, ids, numbers) so equal failures group together. */
    static String fold(String message) {
        if (message == null) {
            return "null";
        }
        String s = message.replaceAll("/tmp/exemux-soak-[^\\s'\"]*", "<path>")
                .replaceAll("\\b(soak|load|fault)-exe-\\d+\\b", "<exe_id>")
                .replaceAll("\\bs\\d+\\b", "<session>")
                .replaceAll("\\d+(\\.\\d+)?", "N")
                .replaceAll("\\s+", " ").trim();
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
