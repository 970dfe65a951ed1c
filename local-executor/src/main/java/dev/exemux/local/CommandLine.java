package dev.exemux.local;

import dev.exemux.executor.ProcessSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS command line for a {@link ProcessSpec}. Plain processes start in their own session
 * ({@code setsid}): no controlling terminal to grab (a password prompt fails instead of hanging on
 * exemux's terminal), and one process group that signals reach as a whole, even children that outlive
 * their parent. {@code tty} processes run under {@link PtyCommand}, which gives the command its own
 * session already.
 */
record CommandLine(List<String> argv, Signals.Target target, boolean pty) {

    private static final boolean HAVE_SETSID = Executables.findable("setsid", System.getenv(), Path.of("/"));

    static CommandLine of(ProcessSpec spec) {
        if (spec.tty()) {
            return new CommandLine(PtyCommand.wrap(spec.argv()), Signals.Target.DESCENDANTS, true);
        }
        if (!HAVE_SETSID) {
            return new CommandLine(spec.argv(), Signals.Target.TREE, false);
        }
        // -w: should setsid ever need to fork, it waits and passes the exit code on instead of returning at once.
        List<String> argv = new ArrayList<>(List.of("setsid", "-w", "--"));
        argv.addAll(spec.argv());
        return new CommandLine(List.copyOf(argv), Signals.Target.GROUP, false);
    }

    /** Whether a missing program would only show as a wrapper's exit code 127 rather than a start error. */
    boolean wrapped() {
        return target != Signals.Target.TREE;
    }
}
