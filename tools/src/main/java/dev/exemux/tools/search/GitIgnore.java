package dev.exemux.tools.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * .gitignore rules for the walk engine (the others ask rg or git): patterns with {@code !}, a trailing
 * '/' for directories only, anchoring by an inner or leading '/', {@code *}, {@code ?}, {@code [..]},
 * {@code **}. Rules of deeper files come later and win, the last match decides, and nothing inside an
 * ignored directory is looked at (git's own rule). The global excludes file is not read.
 */
final class GitIgnore {

    private record Rule(String base, Pattern pattern, boolean anchored, boolean negated, boolean dirOnly) {}

    private final List<Rule> rules;

    private GitIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static GitIgnore none() {
        return new GitIgnore(List.of());
    }

    /** These rules plus those of an ignore file in the directory {@code base}, relative to the searched root ("" for the root). */
    GitIgnore with(String base, byte[] file) {
        return add(base, file);
    }

    /** These rules plus those of an ignore file above the searched root, {@code prefix} being the way down from there to the root. */
    GitIgnore above(String prefix, byte[] file) {
        return add("..|" + prefix, file);
    }

    private GitIgnore add(String base, byte[] file) {
        List<Rule> all = new ArrayList<>(rules);
        for (String raw : new String(file, StandardCharsets.UTF_8).split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            line = line.replaceAll("(?<!\\\\)\\s+$", "");
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated) {
                line = line.substring(1);
            }
            if (line.startsWith("\\")) {
                line = line.substring(1);
            }
            boolean dirOnly = line.endsWith("/");
            if (dirOnly) {
                line = line.substring(0, line.length() - 1);
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            if (!line.isEmpty()) {
                all.add(new Rule(base, Pattern.compile(toRegex(line), Pattern.DOTALL), anchored, negated, dirOnly));
            }
        }
        return new GitIgnore(all);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether {@code path} (relative to the searched root) is ignored. */
    boolean ignored(String path, boolean isDirectory) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (rule.dirOnly() && !isDirectory) {
                continue;
            }
            String subject = relativeTo(rule.base(), path);
            if (subject == null) {
                continue;
            }
            String tested = rule.anchored() ? subject : subject.substring(subject.lastIndexOf('/') + 1);
            if (rule.pattern().matcher(tested).matches()) {
                ignored = !rule.negated();
            }
        }
        return ignored;
    }

    /** {@code path} as seen from {@code base}, or null when it is not under it. */
    private static String relativeTo(String base, String path) {
        if (base.isEmpty()) {
            return path;
        }
        if (base.startsWith("..")) {
            // A rule file above the root: the path from there is the climbed part (kept in the base after '|').
            int bar = base.indexOf('|');
            String prefix = base.substring(bar + 1);
            return prefix.isEmpty() ? path : prefix + "/" + path;
        }
        return path.startsWith(base + "/") ? path.substring(base.length() + 1) : null;
    }

    private static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    out.append("(?:.*/)?");
                } else {
                    out.append(".*");
                }
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String body = glob.substring(i + 1, end);
                out.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body.replace("[", "\\[")).append(']');
                i = end;
            } else if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
