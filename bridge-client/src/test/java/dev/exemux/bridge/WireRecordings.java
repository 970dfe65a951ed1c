package dev.exemux.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exemux.bridge.protocol.Initialize;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replies each supported release gave, recorded by {@code protocol.WireRecorder} into
 * {@code src/test/resources/wire/<release>/}: what the per-release tests run on, and the one thing a new
 * release needs that no edit can give it.
 */
public final class WireRecordings {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Every recording the tests read, for every release. */
    static final List<String> NAMES = List.of("initialize", "probes", "getMetadata", "readDirectory", "errorNotFound",
            "processStart", "processNotifications", "processRead", "processWrite");

    private WireRecordings() {}

    /** Whether {@code release} has recording {@code name}. */
    static boolean has(String release, String name) {
        return WireRecordings.class.getResource(path(release, name)) != null;
    }

    /** Recording {@code name} of {@code release}; fails, saying how to record it, if there is none. */
    public static JsonNode read(String release, String name) {
        try (InputStream in = WireRecordings.class.getResourceAsStream(path(release, name))) {
            if (in == null) {
                throw new IllegalStateException(missing(release, List.of(name)));
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Initialize.Result initialize(String release) {
        try {
            return JSON.treeToValue(read(release, "initialize"), Initialize.Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One problem per release in {@code releases} that lacks recordings, saying what to do. */
    static List<String> problems(List<String> releases) {
        List<String> problems = new ArrayList<>();
        for (String release : releases) {
            List<String> absent = NAMES.stream().filter(n -> !has(release, n)).toList();
            if (!absent.isEmpty()) {
                problems.add(missing(release, absent));
            }
        }
        return problems;
    }

    private static String missing(String release, List<String> names) {
        return "codex " + release + " has no recorded replies " + names + ": install it (scripts/install-peers.sh) and run"
                + " WireRecorder (mvn -pl bridge-client -am test -Dtest=WireRecorder -Dexemux.record=true"
                + " -Dsurefire.failIfNoSpecifiedTests=false), then check what the release changed";
    }

    private static String path(String release, String name) {
        return "/wire/" + release + "/" + name + ".json";
    }
}
