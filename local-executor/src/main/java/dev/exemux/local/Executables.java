package dev.exemux.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds programs the way exec(3)'s execvp does, so start errors can be reported before a wrapper hides them. */
final class Executables {

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private Executables() {}

    /**
     * Whether {@code program} can be executed: with a slash, relative to {@code cwd}; without, along the
     * {@code PATH} in {@code env}.
     */
    static boolean findable(String program, Map<String, String> env, Path cwd) {
        if (program.isEmpty()) {
            return false;
        }
        if (program.contains("/")) {
            return runnable(cwd.resolve(program));
        }
        for (String dir : env.getOrDefault("PATH", DEFAULT_PATH).split(File.pathSeparator, -1)) {
            if (runnable((dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean runnable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}
