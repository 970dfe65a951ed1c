package dev.exemux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether what the repository derives from a release list agrees with it: the roles, the install
 * script's reading of the list, the README's range. Checks a list given as lines, so a test can ask
 * what a list with one more release would need ({@code NewReleaseTest} in bridge-client).
 */
public final class ReleaseChecks {

    private ReleaseChecks() {}

    /** The checkout's root: the directory of the first {@value ReleaseList#FILE_NAME} above the working directory. */
    public static Path root() {
        return ReleaseList.find(Path.of("").toAbsolutePath()).getParent();
    }

    /** The lines of the checkout's {@value ReleaseList#FILE_NAME}. */
    public static List<String> lines(Path root) {
        try {
            return Files.readAllLines(root.resolve(ReleaseList.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code lines} with release {@code version} added as the newest, the {@code new} role moved to it. */
    public static List<String> withNewest(List<String> lines, String version) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String content = line.replaceFirst("#.*", "").strip();
            out.add(content.isEmpty() ? line : String.join(" ", Arrays.stream(content.split("\\s+"))
                    .filter(w -> !w.equals("new")).toList()));
        }
        out.add(version + " new");
        return out;
    }

    /**
     * What in the checkout at {@code root} disagrees with the list {@code lines}, one problem each, saying
     * what to do; empty when everything derived from the list follows it. A malformed list is refused
     * ({@link ReleaseList#parse(List)}).
     */
    public static List<String> problems(Path root, List<String> lines) {
        ReleaseList list = ReleaseList.parse(lines);
        List<String> versions = list.versions();
        String newest = versions.get(versions.size() - 1);
        List<String> problems = new ArrayList<>();
        for (String role : List.of("old", "new")) {
            try {
                String release = list.withRole(role);
                if (role.equals("new") && !release.equals(newest)) {
                    problems.add(ReleaseList.FILE_NAME + ": role 'new' is on " + release + ", not on the newest release " + newest
                            + ": move it");
                }
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        List<String> installed = installScriptVersions(root, lines);
        if (!installed.equals(versions)) {
            problems.add("scripts/install-peers.sh reads " + installed + " from the list " + versions + ": fix how it reads "
                    + ReleaseList.FILE_NAME);
        }
        String range = versions.get(0) + " to " + newest;
        if (!read(root.resolve("README.md")).contains(range)) {
            problems.add("README.md does not state the supported range '" + range + "': update it");
        }
        return problems;
    }

    /** The versions scripts/install-peers.sh would install from a list holding {@code lines}. */
    static List<String> installScriptVersions(Path root, List<String> lines) {
        Path script = root.resolve("scripts/install-peers.sh");
        Path dir = null;
        try {
            dir = Files.createTempDirectory("exemux-releases-");
            Files.write(dir.resolve(ReleaseList.FILE_NAME), lines);
            // The script's own line that reads the list, run with the list in dir as its root's.
            ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                    "set -euo pipefail; root=\"$1\"; line=\"$(grep -E '^versions=' \"$2\")\"; eval \"$line\"; echo $versions",
                    "check", dir.toString(), script.toString()).redirectErrorStream(true);
            pb.environment().remove("EXEMUX_CODEX_VERSIONS");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                return List.of("(the script's versions= line failed: " + out + ")");
            }
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                dir.resolve(ReleaseList.FILE_NAME).toFile().delete();
                dir.toFile().delete();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
