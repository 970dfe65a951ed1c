package dev.exemux.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last sweep at shutdown: every process still running below this one (what the embedded
 * executor started, and their children) gets SIGTERM, then SIGKILL after a grace period.
 */
final class ChildProcesses {

    private ChildProcesses() {}

    static void stop(Duration grace) {
        List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty()) {
            return;
        }
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : alive) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still running, or no longer ours to wait for: killed below
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
