package dev.exemux.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a command under a pseudo-terminal with util-linux {@code script}: the JDK has no pty API, and
 * {@code script -e} reports the command's own exit code.
 */
final class PtyCommand {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private PtyCommand() {}

    static List<String> wrap(List<String> argv) {
        return List.of("script", "-qfec", shellQuote(argv), "/dev/null");
    }

    static String shellQuote(List<String> argv) {
        return argv.stream().map(PtyCommand::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /**
     * Whether {@code program} would be found, as exec would: with a slash, relative to {@code cwd};
     * without, along the child's PATH. Under {@code script} a missing program would otherwise show up
     * only as exit code 127 instead of the "No such file" start error a plain process gets.
     */
    static boolean findable(String program, Map<String, String> env, Path cwd) {
        if (program.contains("/")) {
            return Files.isExecutable(cwd.resolve(program));
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator, -1)));
        for (String dir : dirs) {
            Path candidate = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
