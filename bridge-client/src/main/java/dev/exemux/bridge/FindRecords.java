package dev.exemux.bridge;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.FileMetadata;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The helper command that describes paths where the exec-server's own metadata falls short (no size
 * before 0.140, no {@code isSymlink} in 0.120, no link text and no dangling links in any release), and
 * the parser of what it prints. One GNU {@code find} pass describes each entry as it is ({@code -P}),
 * and a second ({@code -L}) gives the size and mtime of symlinks' targets; records are NUL-terminated,
 * so any file name survives.
 */
final class FindRecords {

    /** Per entry: {@code E <type> <target type> <size> <mtime> <name>\0<link text>\0}. */
    private static final String OWN = "'E %y %Y %s %T@ %f\\0%l\\0'";
    /** Per symlink whose target exists: {@code T <target size> <target mtime> <name>\0}. */
    private static final String TARGET = "'T %s %T@ %f\\0'";

    /** The exit code of a script on an executor whose find has no {@code -printf} (busybox). */
    static final int UNSUPPORTED = 90;
    /** How both scripts begin: byte-wise output, and a clear exit where find lacks {@code -printf}. */
    static final String PREAMBLE = "export LC_ALL=C\nfind / -maxdepth 0 -printf '' 2>/dev/null || exit " + UNSUPPORTED + "\n";

    /** Describes directory {@code $1}'s entries; {@code -H} follows {@code $1} itself when it is a link. */
    static final String LIST = PREAMBLE
            + "[ -d \"$1\" ] || exit 3\n"
            + "find -H \"$1\" -mindepth 1 -maxdepth 1 -printf " + OWN + " || exit\n"
            + "find -L \"$1\" -mindepth 1 -maxdepth 1 -xtype l -printf " + TARGET + " 2>/dev/null\n"
            + "exit 0";
    /** Describes path {@code $1} itself (a link as a link). */
    static final String STAT = PREAMBLE
            + "find \"$1\" -maxdepth 0 -printf " + OWN + " || exit\n"
            + "find -L \"$1\" -maxdepth 0 -xtype l -printf " + TARGET + " 2>/dev/null\n"
            + "exit 0";

    private FindRecords() {}

    /** The entries {@link #LIST} or {@link #STAT} printed, in the order printed, each with its metadata. */
    static List<DirectoryEntry> parse(byte[] out) {
        List<String[]> own = new ArrayList<>();
        Map<String, String[]> targets = new HashMap<>();
        int i = 0;
        while (i < out.length) {
            int end = indexOf(out, i);
            if (end < 0) {
                throw malformed("an unterminated record");
            }
            String record = new String(out, i, end - i, StandardCharsets.UTF_8);
            i = end + 1;
            if (record.startsWith("E ")) {
                String[] f = record.split(" ", 6);
                if (f.length < 6 || f[1].length() != 1 || f[2].length() != 1) {
                    throw malformed("an entry record without its fields");
                }
                int linkEnd = indexOf(out, i);
                if (linkEnd < 0) {
                    throw malformed("an entry record without its link text");
                }
                String link = new String(out, i, linkEnd - i, StandardCharsets.UTF_8);
                i = linkEnd + 1;
                own.add(new String[] {f[1], f[2], f[3], f[4], f[5], link});
            } else if (record.startsWith("T ")) {
                String[] f = record.split(" ", 4);
                if (f.length < 4) {
                    throw malformed("a target record without its fields");
                }
                targets.put(f[3], f);
            } else {
                throw malformed("an unknown record");
            }
        }
        List<DirectoryEntry> entries = new ArrayList<>(own.size());
        for (String[] e : own) {
            entries.add(new DirectoryEntry(e[4], metadata(e, targets.get(e[4]))));
        }
        return entries;
    }

    private static FileMetadata metadata(String[] e, String[] target) {
        char type = e[0].charAt(0);
        char targetType = e[1].charAt(0);
        long size = Long.parseLong(e[2]);
        long mtime = millis(e[3]);
        if (type != 'l') {
            return new FileMetadata(type == 'd', type == 'f', false, size, mtime);
        }
        // find's %Y: N = no such target, L = a loop, ? = any other error reaching it (e.g. no permission).
        if (targetType == 'N' || targetType == 'L') {
            return FileMetadata.dangling(e[5], size, mtime);
        }
        if (targetType == '?' || target == null) {
            // The target exists (or may) but cannot be examined: a link of unknown kind, as local reports it.
            return new FileMetadata(false, false, true, size, mtime, e[5], false);
        }
        return new FileMetadata(targetType == 'd', targetType == 'f', true, Long.parseLong(target[1]), millis(target[2]),
                e[5], false);
    }

    private static long millis(String seconds) {
        return new BigDecimal(seconds).movePointRight(3).longValue();
    }

    private static int indexOf(byte[] out, int from) {
        for (int j = from; j < out.length; j++) {
            if (out[j] == 0) {
                return j;
            }
        }
        return -1;
    }

    private static IllegalStateException malformed(String what) {
        return new IllegalStateException("the metadata helper printed " + what);
    }
}
