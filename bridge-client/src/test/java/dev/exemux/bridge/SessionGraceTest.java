package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long exemux keeps resuming a dropped session, release by release (measured: 10 / 30 / 80 s). */
class SessionGraceTest {

    @ParameterizedTest(name = "{0} (fs/readBlock: {1}) -> {2} s")
    @CsvSource({
        // releases that say their version (0.154 on)
        "0.155.0, true, 30", "0.165.0, true, 30", "0.169.0, true, 80", "0.169.1, true, 80", "0.171.0, true, 80",
        "0.166.0, true, 80", "0.999.0, true, 80", "1.0.0, true, 80", "0.172.0-alpha.1, true, 80",
        "0.140.0, false, 10", "0.141.0, false, 30",
        // releases that do not: told apart by fs/readBlock (0.142)
        ", false, 10", ", true, 30",
        // a version string exemux cannot read: judged like a release that does not say
        "custom-build, false, 10", "custom-build, true, 30",
    })
    void graceByRelease(String release, boolean blockReads, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), SessionGrace.of(ReleaseVersion.parse(release), blockReads).duration());
    }

    @org.junit.jupiter.api.Test
    void neverConnectedMeansTheLongestAndTheDeadlineHasAMargin() {
        for (SessionGrace g : SessionGrace.values()) {
            assertTrue(SessionGrace.LONGEST.duration().compareTo(g.duration()) >= 0, g.name());
        }
        long dropped = 1_000_000_000L;
        long gone = SessionGrace.SHORT.certainlyGoneAt(dropped);
        assertTrue(gone - dropped >= Duration.ofSeconds(15).toNanos(), "10 s grace + at least 5 s margin");
        assertEquals(Duration.ofSeconds(100).toNanos(), SessionGrace.LONG.certainlyGoneAt(dropped) - dropped);
    }
}
