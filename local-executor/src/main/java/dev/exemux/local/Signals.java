package dev.exemux.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Signals to a process tree. The JDK can only SIGTERM/SIGKILL, so SIGINT goes through kill(1). */
final class Signals {

    private static final long KILL_COMMAND_TIMEOUT_MS = 5000;

    private Signals() {}

    /**
     * SIGINT to the process and everything it started, as Ctrl-C does to a terminal's foreground job: a
     * shell waiting for {@code sleep} only runs its INT trap once the sleep has ended.
     *
     * @param includeRoot false when the root is a wrapper (the pty's {@code script}) that must survive to
     *     report the command's exit
     */
    static void interrupt(Process process, boolean includeRoot) throws IOException {
        List<String> command = new ArrayList<>(List.of("kill", "-INT"));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        if (includeRoot && process.isAlive()) {
            command.add(Long.toString(process.pid()));
        }
        if (command.size() == 2) {
            return; // already ended, as the peer treats it: nothing to do
        }
        Process kill = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        kill.getOutputStream().close();
        try {
            if (!kill.waitFor(KILL_COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to the process and every descendant it has now (listed first: they are re-parented on its death). */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
