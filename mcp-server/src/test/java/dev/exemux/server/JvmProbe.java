package dev.exemux.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a running exemux JVM from the outside, without JMX: heap occupancy through
 * {@code jcmd <pid> GC.heap_info} (the attach mechanism works with bin/exemux's flags, including
 * {@code -XX:-UsePerfData}), live heap after a {@code GC.run}, and resident set size and its peak from
 * {@code /proc/<pid>/status}.
 */
final class JvmProbe {

    private static final Pattern USED = Pattern.compile("(?m)^ \\S.*?total (\\d+)K, used (\\d+)K");

    /** Memory figures in KiB; -1 where unavailable. */
    record Memory(long heapUsedKiB, long heapCommittedKiB, long rssBeforeGcKiB, long liveHeapKiB, long heapCommittedAfterGcKiB,
            long rssKiB, long peakRssKiB) {

        @Override
        public String toString() {
            return String.format("heap used %.1f MiB of %.1f MiB committed, RSS %.1f MiB; after a full GC: live heap %.1f MiB of %.1f MiB"
                    + " committed, RSS %.1f MiB (peak %.1f MiB)", heapUsedKiB / 1024.0, heapCommittedKiB / 1024.0, rssBeforeGcKiB / 1024.0,
                    liveHeapKiB / 1024.0, heapCommittedAfterGcKiB / 1024.0, rssKiB / 1024.0, peakRssKiB / 1024.0);
        }
    }

    private JvmProbe() {}

    /** Heap and RSS now, then both again after a full collection (what is live, what the JVM gave back), and peak RSS. */
    static Memory measure(long pid) {
        long[] before = heap(pid);
        long rssBefore = procStatus(pid, "VmRSS");
        jcmd(pid, "GC.run");
        long[] after = heap(pid);
        return new Memory(before[1], before[0], rssBefore, after[1], after[0], procStatus(pid, "VmRSS"), procStatus(pid, "VmHWM"));
    }

    /** {total, used} KiB over the heap's generations (the line of each generation, not its spaces). */
    private static long[] heap(long pid) {
        String out = jcmd(pid, "GC.heap_info");
        long total = 0;
        long used = 0;
        Matcher m = USED.matcher(out);
        boolean any = false;
        while (m.find()) {
            any = true;
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        return any ? new long[] {total, used} : new long[] {-1, -1};
    }

    static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
