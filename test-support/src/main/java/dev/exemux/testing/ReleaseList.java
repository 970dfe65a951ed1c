package dev.exemux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The repository's list of supported codex releases ({@code codex-releases.txt} at its root): one
 * version a line, oldest first, each followed by the roles it plays ({@code old}, {@code new}). The
 * install script reads the same file, so a release added there is installed and tested everywhere.
 */
public record ReleaseList(Map<String, Set<String>> rolesByVersion) {

    public static final String FILE_NAME = "codex-releases.txt";

    private static ReleaseList loaded;

    /** The list of this checkout: {@code -Dexemux.releases}, else the first {@value #FILE_NAME} above the working directory. */
    public static synchronized ReleaseList load() {
        if (loaded == null) {
            String configured = System.getProperty("exemux.releases");
            loaded = parse(configured != null ? Path.of(configured) : find(Path.of("").toAbsolutePath()));
        }
        return loaded;
    }

    static Path find(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(FILE_NAME + " not found in " + from + " or above it");
    }

    static ReleaseList parse(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The list in {@code lines} (the file's format); refuses a malformed one, naming the line. */
    public static ReleaseList parse(List<String> lines) {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (!words[0].matches("\\d+\\.\\d+\\.\\d+")) {
                throw new IllegalStateException(FILE_NAME + ": not a release version: " + raw);
            }
            if (roles.put(words[0], Set.of(java.util.Arrays.copyOfRange(words, 1, words.length))) != null) {
                throw new IllegalStateException(FILE_NAME + ": listed twice: " + words[0]);
            }
        }
        List<String> versions = new ArrayList<>(roles.keySet());
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort(CodexRelease::compare);
        if (versions.isEmpty() || !versions.equals(sorted)) {
            throw new IllegalStateException(FILE_NAME + " must list releases oldest first: " + versions);
        }
        return new ReleaseList(roles);
    }

    public List<String> versions() {
        return List.copyOf(rolesByVersion.keySet());
    }

    /** The one release that plays {@code role}. */
    public String withRole(String role) {
        List<String> found = rolesByVersion.entrySet().stream()
                .filter(e -> e.getValue().contains(role)).map(Map.Entry::getKey).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(FILE_NAME + " must give role '" + role + "' to exactly one release, not " + found);
        }
        return found.get(0);
    }
}
