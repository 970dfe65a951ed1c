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
 * @param stdinFile a file on the executor the process reads as its stdin (then end-of-input), removed
 *     once opened; null for none. A start failure leaves it in place for the caller to remove.
 */
public record ProcessSpec(List<String> argv, String cwd, Map<String, String> env, boolean tty, boolean pipeStdin,
                          String stdinFile) {

    public ProcessSpec {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public ProcessSpec(List<String> argv, String cwd, Map<String, String> env, boolean tty, boolean pipeStdin) {
        this(argv, cwd, env, tty, pipeStdin, null);
    }
}
