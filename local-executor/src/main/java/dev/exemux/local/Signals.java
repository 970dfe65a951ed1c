package dev.exemux.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Signals to a process tree. The JDK can only SIGTERM/SIGKILL one process, so the rest goes through kill(1). */
final class Signals {

    /** Which processes make up "the process" for a signal. */
    enum Target {
        /** The process leads its own process group: signal the group, as a terminal signals a job. */
        GROUP,
        /** The process and every descendant it has (no own group available). */
        TREE,
        /** Only the descendants: the root is a wrapper (the pty's {@code script}) that must report the exit. */
        DESCENDANTS
    }

    private static final long KILL_COMMAND_TIMEOUT_MS = 5000;

    private Signals() {}

    /**
     * SIGINT as Ctrl-C sends it: to the whole job, so a shell waiting in {@code sleep} sees the sleep end
     * and runs its INT trap at once. Nothing happens once the process has ended, as on the peer.
     */
    static void interrupt(Process process, Target target) throws IOException {
        if (!process.isAlive()) {
            return;
        }
        List<String> pids = new ArrayList<>();
        if (target == Target.GROUP) {
            pids.add("-" + process.pid());
        } else {
            process.descendants().forEach(child -> pids.add(Long.toString(child.pid())));
            if (target == Target.TREE) {
                pids.add(Long.toString(process.pid()));
            }
        }
        kill("-INT", pids);
    }

    /**
     * SIGKILL to the process and everything it started: its group (which also holds children re-parented
     * after their parent died), and every descendant listed now, before the root's death re-parents them.
     */
    static void killTree(Process process, Target target, boolean groupMayLinger) throws IOException {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (target == Target.GROUP && (process.isAlive() || groupMayLinger)) {
            kill("-KILL", List.of("-" + process.pid()));
        }
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Whether the group {@code process} led still has members after it ended: children it left running
     * in the background. Read from /proc (the JDK does not expose process groups). A live process whose
     * pid is the group id means the id was reused by a new group, which is not ours: then no.
     */
    static boolean groupHasMembers(Process process) {
        if (process.isAlive()) {
            return true;
        }
        long pgid = process.pid();
        if (ProcessHandle.of(pgid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        return ProcessHandle.allProcesses().anyMatch(p -> processGroup(p.pid()) == pgid);
    }

    /** Field 5 of /proc/PID/stat, after the command name in parentheses (which may hold anything); -1 if unknown. */
    private static long processGroup(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(after[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void kill(String signal, List<String> pids) throws IOException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal, "--"));
        command.addAll(pids);
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
}
