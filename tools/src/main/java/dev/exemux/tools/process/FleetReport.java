package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * exec_many's answer, written for a model: a summary line first, then one block per group of executors
 * that ended alike with identical output (one copy of it), failures first, all output within one
 * character budget shared fairly among the groups.
 */
final class FleetReport {

    static final String[] STATES = {"refused", "unreachable", "no_answer", "failed", "lost", "unknown", "timed_out", "killed",
        "exited", "running"};

    /** Failures get the budget first, but leave successes up to this share of it. */
    private static final int SUCCESS_RESERVE_DIVISOR = 4;
    /** A cut stream's text also carries the omission marker and a line snap: room kept for them. */
    private static final int CUT_ALLOWANCE = 40;

    static final ObjectNode SCHEMA = Schema.object()
            .required("summary", Schema.string("Counts by outcome, e.g. \"14 exited 0, 1 exited 2, 1 unreachable\"."))
            .required("globs", Schema.arrayOf("What each glob matched.", Schema.object()
                    .required("glob", Schema.string("The glob as given."))
                    .required("exe_ids", Schema.arrayOf("Matching exe_ids.", Schema.string("exe_id")))
                    .build()))
            .required("duplicates", Schema.arrayOf("exe_ids named more than once (run once).", Schema.string("exe_id")))
            .required("executors", Schema.arrayOf("One per executor, in the order named.", Schema.object()
                    .required("exe_id", Schema.string("The executor."))
                    .required("state", Schema.enumOf("refused, unreachable, no_answer (start unanswered in time),"
                            + " failed (to start): nothing runs; else the process's state.", STATES))
                    .required("exit_code", Schema.nullable(Schema.integer("Exit status once ended.")))
                    .required("session_id", Schema.nullable(Schema.string("Session of a process running or unknown.")))
                    .required("duration_ms", Schema.nullable(Schema.integer("Run time so far or until the end.")))
                    .required("error", Schema.nullable(Schema.string("Why nothing runs there.")))
                    .required("group", Schema.integer("Index in groups of the block showing its output."))
                    .build()))
            .required("groups", Schema.arrayOf("Executors with the same outcome and identical output, failures first.",
                    Schema.object()
                            .required("exe_ids", Schema.arrayOf("Members.", Schema.string("exe_id")))
                            .required("state", Schema.enumOf("Their state.", STATES))
                            .required("exit_code", Schema.nullable(Schema.integer("Their exit status.")))
                            .required("error", Schema.nullable(Schema.string("Their failure (the first member's words).")))
                            .required("stdout", Schema.string("Output (head and tail kept)."))
                            .required("stderr", Schema.string("Standard error (head and tail kept)."))
                            .required("stdout_bytes", Schema.integer("Bytes written to stdout."))
                            .required("stderr_bytes", Schema.integer("Bytes written to stderr."))
                            .required("stdout_omitted_bytes", Schema.integer("Bytes of stdout not shown."))
                            .required("stderr_omitted_bytes", Schema.integer("Bytes of stderr not shown."))
                            .build()))
            .build();

    /** What happened on one executor: a failure ({@code error}) or a read of its session ({@code drained}). */
    record Outcome(String exeId, String state, String error, ProcessSession.Drained drained) {

        static Outcome failed(String exeId, String state, String error) {
            return new Outcome(exeId, state, error, null);
        }

        static Outcome of(ProcessSession.Drained d) {
            return new Outcome(d.session().exeId(), d.state().wireName(), null, d);
        }

        Integer exitCode() {
            return drained == null ? null : drained.exitCode();
        }

        /** What makes two outcomes one group: same state, exit and failure, byte-identical output. */
        String groupKey() {
            if (drained == null) {
                // Executors failing alike differ only by the id their message names.
                return state + "\0" + error.replace(exeId, "\u0001");
            }
            return state + "\0" + drained.exitCode() + "\0" + drained.failure() + "\0" + drained.lostChunks() + "\0"
                    + bytes(drained.stdout()) + "\0" + bytes(drained.stderr());
        }

        private static String bytes(HeadTailBuffer.Captured c) {
            return new String(c.head(), StandardCharsets.ISO_8859_1) + "\0" + c.dropped() + "\0"
                    + new String(c.tail(), StandardCharsets.ISO_8859_1);
        }

        /** Lower is worse; failures come first. */
        int rank() {
            return switch (state) {
                case "refused" -> 0;
                case "unreachable" -> 1;
                case "no_answer" -> 2;
                case "failed" -> 3;
                case "lost", "unknown" -> 4; // unknown: the executor went silent while it ran (its failure says for how long)
                case "timed_out" -> 5;
                case "killed" -> 6;
                case "exited" -> exitCode() != null && exitCode() == 0 ? 9 : 7;
                default -> 8; // running
            };
        }

        boolean isFailure() {
            return rank() < 8;
        }

        /** How the summary counts it. */
        String label() {
            return switch (state) {
                case "exited" -> "exited " + exitCode();
                case "no_answer" -> "no answer";
                case "failed" -> "failed to start";
                case "timed_out" -> "timed out";
                default -> state;
            };
        }
    }

    private static final class Group {
        final List<Outcome> members = new ArrayList<>();
        OutputText stdout = OutputText.EMPTY;
        OutputText stderr = OutputText.EMPTY;

        Outcome first() {
            return members.get(0);
        }
    }

    private FleetReport() {}

    static ToolResult of(List<Outcome> outcomes, FleetTargets targets, long elapsedMs, int budget) {
        List<Group> groups = group(outcomes);
        String summary = summary(outcomes);
        StringBuilder head = new StringBuilder(summary).append(" in ").append(OutputReport.duration(elapsedMs));
        targets.matched().forEach((glob, ids) -> head.append("\n'").append(glob).append("' matched ").append(String.join(", ", ids)));
        if (!targets.duplicates().isEmpty()) {
            head.append("\nnamed more than once, run once: ").append(String.join(", ", targets.duplicates()));
        }
        List<String> headers = new ArrayList<>();
        int fixed = head.length();
        for (Group g : groups) {
            String h = header(g);
            headers.add(h);
            fixed += h.length();
        }
        boolean anyRunning = outcomes.stream().anyMatch(o -> "running".equals(o.state()));
        String footer = anyRunning ? "\nStill running: wait_sessions (or read_output) with the session ids above waits for them;"
                + " kill_process stops one." : "";
        fixed += footer.length();
        share(groups, Math.max(0, budget - fixed));

        StringBuilder text = new StringBuilder(head);
        for (int i = 0; i < groups.size(); i++) {
            text.append(headers.get(i));
            Group g = groups.get(i);
            section(text, "stdout", g.stdout);
            section(text, "stderr", g.stderr);
        }
        text.append(footer);
        return ToolResult.ok(text.toString(), json(summary, outcomes, groups, targets));
    }

    private static List<Group> group(List<Outcome> outcomes) {
        Map<String, Group> byKey = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            byKey.computeIfAbsent(o.groupKey(), k -> new Group()).members.add(o);
        }
        List<Group> groups = new ArrayList<>(byKey.values());
        groups.sort(Comparator.comparingInt(g -> g.first().rank())); // stable: first named first within a rank
        return groups;
    }

    /** "16 executors: 14 exited 0, 1 exited 2, 1 unreachable", successes first as a reader counts them. */
    static String summary(List<Outcome> outcomes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        outcomes.stream()
                .sorted(Comparator.comparingInt((Outcome o) -> o.rank() == 9 ? -1 : o.rank() == 8 ? 0 : o.rank() == 7 ? 1 : 2 + o.rank())
                        .thenComparing(o -> o.exitCode() == null ? 0 : o.exitCode()))
                .forEach(o -> counts.merge(o.label(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((label, n) -> parts.add(n + " " + label));
        return outcomes.size() + " executor" + (outcomes.size() == 1 ? "" : "s") + ": " + String.join(", ", parts);
    }

    private static String header(Group g) {
        Outcome first = g.first();
        StringBuilder h = new StringBuilder("\n== ").append(first.label());
        if (g.members.size() == 1 && first.drained() != null) {
            h.append(" after ").append(OutputReport.duration(first.drained().durationMs()));
        }
        if (g.members.size() > 1) {
            h.append(" (").append(g.members.size()).append(")");
        }
        h.append(": ");
        for (int i = 0; i < g.members.size(); i++) {
            Outcome o = g.members.get(i);
            h.append(i == 0 ? "" : ", ").append(o.exeId());
            if ("running".equals(o.state())) {
                h.append(" as ").append(o.drained().session().id());
            }
        }
        if (first.error() != null) {
            h.append('\n').append(g.members.size() == 1 ? first.error() : first.error().replace(first.exeId(), "<exe_id>"));
        } else {
            ProcessSession.Drained d = first.drained();
            if (d.failure() != null) {
                h.append('\n').append("lost track of it: ").append(d.failure());
            }
            if (d.stdout().totalBytes() == 0 && d.stderr().totalBytes() == 0) {
                h.append("\n(no output)");
            }
            if (d.lostChunks() > 0) {
                h.append("\n(note: ").append(d.lostChunks()).append(" chunks of output were lost)");
            }
        }
        return h.toString();
    }

    /** Gives each group's streams their share of {@code budget}: failures first, then the rest fairly. */
    private static void share(List<Group> groups, int budget) {
        List<Group> failures = groups.stream().filter(g -> g.first().isFailure() && g.first().drained() != null).toList();
        List<Group> others = groups.stream().filter(g -> !g.first().isFailure() && g.first().drained() != null).toList();
        int othersNeed = others.stream().mapToInt(FleetReport::need).sum();
        int reserve = Math.min(othersNeed, budget / SUCCESS_RESERVE_DIVISOR);
        int used = fill(failures, budget - reserve);
        fill(others, budget - used);
    }

    private static int need(Group g) {
        ProcessSession.Drained d = g.first().drained();
        return full(d.stdout()) + full(d.stderr()) + sectionOverhead(d.stdout()) + sectionOverhead(d.stderr());
    }

    private static int full(HeadTailBuffer.Captured c) {
        return c.totalBytes() == 0 ? 0 : OutputText.render(c, Integer.MAX_VALUE / 4, false).text().length();
    }

    private static int sectionOverhead(HeadTailBuffer.Captured c) {
        return c.totalBytes() == 0 ? 0 : "\n--- stdout ---\n".length() + 1;
    }

    /** Water-fills {@code budget} over the groups (the smallest needs are met whole); returns what was used. */
    private static int fill(List<Group> groups, int budget) {
        int[] needs = groups.stream().mapToInt(FleetReport::need).toArray();
        int[] shares = waterFill(needs, budget);
        int used = 0;
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            ProcessSession.Drained d = g.first().drained();
            int overhead = sectionOverhead(d.stdout()) + sectionOverhead(d.stderr());
            int[] streams = waterFill(new int[] {full(d.stdout()), full(d.stderr())}, Math.max(0, shares[i] - overhead));
            g.stdout = render(d.stdout(), streams[0]);
            g.stderr = render(d.stderr(), streams[1]);
            used += Math.min(needs[i], shares[i]);
        }
        return used;
    }

    static int[] waterFill(int[] needs, int budget) {
        Integer[] order = new Integer[needs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> needs[i]));
        int[] shares = new int[needs.length];
        int left = Math.max(0, budget);
        for (int k = 0; k < order.length; k++) {
            int fair = left / (order.length - k);
            int give = Math.min(needs[order[k]], fair);
            shares[order[k]] = give;
            left -= give;
        }
        return shares;
    }

    private static OutputText render(HeadTailBuffer.Captured c, int chars) {
        if (c.totalBytes() == 0) {
            return OutputText.EMPTY;
        }
        OutputText whole = OutputText.render(c, Integer.MAX_VALUE / 4, false);
        return whole.text().length() <= chars ? whole : OutputText.render(c, Math.max(0, chars - CUT_ALLOWANCE), false);
    }

    private static void section(StringBuilder out, String name, OutputText text) {
        if (text.bytes() == 0) {
            return;
        }
        out.append("\n--- ").append(name).append(" ---\n").append(text.text());
        if (text.invalidBytes() > 0) {
            out.append(text.text().endsWith("\n") ? "" : "\n").append("(note: ").append(text.invalidBytes())
                    .append(" bytes were not valid UTF-8, shown as \uFFFD)");
        }
    }

    private static ObjectNode json(String summary, List<Outcome> outcomes, List<Group> groups, FleetTargets targets) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("summary", summary);
        ArrayNode globs = json.putArray("globs");
        targets.matched().forEach((glob, ids) -> {
            ObjectNode g = globs.addObject().put("glob", glob);
            ids.forEach(g.putArray("exe_ids")::add);
        });
        targets.duplicates().forEach(json.putArray("duplicates")::add);
        Map<Outcome, Integer> groupOf = new java.util.IdentityHashMap<>();
        ArrayNode groupArray = json.putArray("groups");
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            g.members.forEach(m -> groupOf.put(m, groupArray.size()));
            ObjectNode item = groupArray.addObject();
            ArrayNode ids = item.putArray("exe_ids");
            g.members.forEach(m -> ids.add(m.exeId()));
            item.put("state", g.first().state());
            item.put("exit_code", g.first().exitCode());
            item.put("error", g.first().error());
            item.put("stdout", g.stdout.text());
            item.put("stderr", g.stderr.text());
            item.put("stdout_bytes", g.stdout.bytes());
            item.put("stderr_bytes", g.stderr.bytes());
            item.put("stdout_omitted_bytes", g.stdout.omittedBytes());
            item.put("stderr_omitted_bytes", g.stderr.omittedBytes());
        }
        ArrayNode executors = json.putArray("executors");
        for (Outcome o : outcomes) {
            ObjectNode e = executors.addObject().put("exe_id", o.exeId()).put("state", o.state()).put("exit_code", o.exitCode());
            ProcessSession.Drained d = o.drained();
            // Unknown too: the process may run on, and read_output follows it once the executor answers.
            e.put("session_id", "running".equals(o.state()) || "unknown".equals(o.state()) ? d.session().id() : null);
            if (d == null) {
                e.putNull("duration_ms");
            } else {
                e.put("duration_ms", d.durationMs());
            }
            e.put("error", o.error());
            e.put("group", groupOf.get(o));
        }
        return json;
    }
}
