package dev.exemux.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real codex release installed by {@code scripts/install-peers.sh} into the peer cache
 * ({@code -Dexemux.peer.cache}, default {@code ~/.cache/exemux}).
 */
public record CodexRelease(String version, Path binary) {

    /** The supported releases ({@code codex-releases.txt}), oldest first: the conformance suite runs on each. */
    public static final List<String> SUPPORTED = ReleaseList.load().versions();
    /** The old release the heavier tests run on (role {@code old}). */
    public static final String OLD = ReleaseList.load().withRole("old");
    /** The newest release (role {@code new}). */
    public static final String NEW = ReleaseList.load().withRole("new");
    /** The oldest supported release. */
    public static final String OLDEST = SUPPORTED.get(0);

    /** The releases the heavier tests run on ({@code @MethodSource("dev.exemux.testing.CodexRelease#oldAndNew")}). */
    public static List<String> oldAndNew() {
        return List.of(OLD, NEW);
    }

    public static List<String> newOnly() {
        return List.of(NEW);
    }

    /** The embedded executor ("local") and the newest release, for tests that run on both. */
    public static List<String> localAndNew() {
        return List.of("local", NEW);
    }

    public static List<String> localOldAndNew() {
        return List.of("local", OLD, NEW);
    }

    public static Path peerCache() {
        String configured = System.getProperty("exemux.peer.cache", System.getenv("EXEMUX_PEER_CACHE"));
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "exemux");
    }

    /**
     * The installed release. Under CI a missing release fails the test (CI installs them all);
     * elsewhere the test is skipped with a hint.
     */
    public static CodexRelease require(String version) {
        CodexRelease found = find(version);
        if (found == null) {
            String hint = "codex " + version + " is not installed in " + peerCache() + ": run scripts/install-peers.sh";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(hint);
            }
            Assumptions.abort(hint);
        }
        return found;
    }

    public static CodexRelease find(String version) {
        Path vendor = peerCache().resolve("codex").resolve(version)
                .resolve("node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl");
        Path legacyVendor = peerCache().resolve("codex").resolve(version)
                .resolve("node_modules/@openai/codex/vendor/x86_64-unknown-linux-musl");
        for (Path base : List.of(vendor, legacyVendor)) {
            for (Path candidate : List.of(base.resolve("bin/codex"), base.resolve("codex/codex"))) {
                if (Files.isExecutable(candidate)) {
                    return new CodexRelease(version, candidate);
                }
            }
        }
        return null;
    }

    /** Every release present in the cache. */
    public static List<CodexRelease> installed() {
        List<CodexRelease> out = new ArrayList<>();
        Path dir = peerCache().resolve("codex");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(v -> {
                CodexRelease r = find(v);
                if (r != null) {
                    out.add(r);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The newest supported release older than {@code version} (e.g. the last one without a feature it brought). */
    public static String newestBefore(String version) {
        return SUPPORTED.stream().filter(v -> compare(v, version) < 0).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no supported release before " + version));
    }

    /** {@code major.minor.patch} compared numerically. */
    public boolean atLeast(String other) {
        return compare(version, other) >= 0;
    }

    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
