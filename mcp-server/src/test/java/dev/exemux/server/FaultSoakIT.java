package dev.exemux.server;

import dev.exemux.testing.CodexRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault suite, shortened for CI: {@link FaultSoak} for about a minute on 8 exe_ids over two real
 * codex exec-servers (an old and a new release) behind the test gateway, which drops connections every
 * few seconds, black-holes one executor and restarts another. Nothing may hang, no acknowledged write
 * may be lost or half-done, every failure must be a clean isError result, and nothing may be left
 * running. The full 10-minute run is {@code bench/soak/run.sh}.
 */
class FaultSoakIT {

    @Test
    void exemuxLosesNothingAndNeverHangsWhileTheGatewayMisbehaves() throws Exception {
        long seconds = Long.getLong("exemux.soak.seconds", 50);
        FaultSoak.Report r = new FaultSoak(new FaultSoak.Settings(Duration.ofSeconds(seconds),
                List.of(CodexRelease.OLD, CodexRelease.NEW), 8, 7, 70_000)).run();
        String report = r.render();
        System.err.print(report);
        assertEquals(0, r.hung(), () -> "calls hung:\n" + report);
        assertEquals(0, r.failedUnclean(), () -> "failures without a clean isError message:\n" + report);
        assertEquals(0, r.wrongResults(), () -> "successful calls with wrong results:\n" + report);
        assertEquals(0, r.lostWrites(), () -> "acknowledged writes lost:\n" + report);
        assertEquals(0, r.halfDoneWrites(), () -> "half-done writes:\n" + report);
        assertEquals(List.of(), r.processesLeftAfterGrace(), () -> "processes left running:\n" + report);
        assertEquals(0, r.stackTraceLinesOnStderr(), () -> "stack traces on exemux's stderr:\n" + report);
        assertEquals(0, r.exemuxExitCode(), () -> "exemux did not exit cleanly:\n" + report);
        // The faults must have bitten, or the run proved nothing.
        assertTrue(r.failedClean() + r.silentAnswers() > 0, () -> "no call failed or met silence: the faults did not reach exemux\n" + report);
        // At least one call a second over 8 workers: a floor any working exemux clears under load.
        assertTrue(r.callsMade() > seconds, () -> "too few calls for a soak\n" + report);
        assertTrue(r.acknowledgedWrites() > 10, () -> "too few acknowledged writes to check\n" + report);
    }
}
