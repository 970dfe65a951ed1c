package dev.exemux.executor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to start.
 *
 * @param argv program and arguments; never empty
 * @param cwd absolute working directory, or null for the executor's default
 * @param env variables added to (and overriding) the executor's default environment
 * @param tty run under a pseudo-terminal (stdout and stderr merge into one stream)
 * @param pipeStdin keep stdin open for {@link ProcessHandle#write}
 */
public record ProcessSpec(List<String> argv, String cwd, Map<String, String> env, boolean tty, boolean pipeStdin) {

    public ProcessSpec {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
