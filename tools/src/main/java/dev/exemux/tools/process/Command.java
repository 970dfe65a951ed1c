package dev.exemux.tools.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code command} argument: a shell string, run as {@code [shell, -c, command]} with the
 * executor's shell, or an argv array run as is.
 */
record Command(String shellString, List<String> argv) {

    static final String FALLBACK_SHELL = "/bin/sh";
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    static Command parse(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ToolException("Missing required argument 'command': a shell string such as \"ls -la\","
                    + " or an argv array such as [\"ls\", \"-la\"].");
        }
        if (node.isTextual()) {
            if (node.textValue().isBlank()) {
                throw new ToolException("Argument 'command' must not be empty.");
            }
            requireNoNul("command", node.textValue());
            return new Command(Args.unicode("command", node.textValue()), null);
        }
        if (node.isArray()) {
            List<String> argv = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new ToolException("Argument 'command' as an array must contain only strings (the argv),"
                            + " not " + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
                }
                requireNoNul("command", item.textValue());
                argv.add(Args.unicode("command", item.textValue()));
            }
            if (argv.isEmpty() || argv.get(0).isEmpty()) {
                throw new ToolException("Argument 'command' as an array must start with the program to run.");
            }
            return new Command(null, List.copyOf(argv));
        }
        throw new ToolException("Argument 'command' must be a shell string or an array of strings.");
    }

    /** A process cannot receive a NUL inside an argument or a variable: refuse it rather than cut it. */
    static void requireNoNul(String argument, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new ToolException("Argument '" + argument + "' must not contain NUL characters.");
        }
    }

    boolean isShellString() {
        return shellString != null;
    }

    /** What to start, given the executor's shell (null: {@value #FALLBACK_SHELL}). */
    List<String> argv(String shell) {
        if (shellString == null) {
            return argv;
        }
        return List.of(shell == null || shell.isBlank() ? FALLBACK_SHELL : shell, "-c", shellString);
    }

    /** How the command reads in list_sessions: the shell string, or the argv quoted for a shell. */
    String display() {
        if (shellString != null) {
            return shellString;
        }
        StringBuilder out = new StringBuilder();
        for (String arg : argv) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(PLAIN_WORD.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }
}
