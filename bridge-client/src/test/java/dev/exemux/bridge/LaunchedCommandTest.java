package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.RemoteCallException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The launcher's tokens come out of the output wherever chunk boundaries cut them, and nothing else does. */
class LaunchedCommandTest {

    private final byte[] marker = Launcher.newMarker();
    private final String m = new String(marker, StandardCharsets.US_ASCII);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int ended;
    private final LaunchedCommand command = new LaunchedCommand(marker, new ProcessListener() {
        @Override
        public void onOutput(OutputKind stream, byte[] chunk) {
            (stream == OutputKind.STDERR ? err : out).writeBytes(chunk);
        }

        @Override
        public void onExit(ProcessExit exit) {}
    }, "a", "prog", "/dir");

    {
        command.onEnded(() -> ended++);
    }

    private void feed(OutputKind stream, String text, int pieceSize) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length; i += pieceSize) {
            command.onOutput(stream, java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + pieceSize)));
        }
    }

    @Test
    void tokensAreRemovedWhereverChunksAreCut() {
        for (int piece : new int[] {1, 2, 3, 7, 1000}) {
            LaunchedCommandTest t = new LaunchedCommandTest(); // fresh state for each way of cutting
            t.feed(OutputKind.STDOUT, t.m + "s1234;hello \u001b[1mbold\u001b[0m é" + t.m + "e", piece);
            assertEquals(0, t.ended, "one end token of two");
            t.feed(OutputKind.STDERR, "oops" + t.m + "e", piece);
            assertEquals("hello \u001b[1mbold\u001b[0m é", t.out.toString(StandardCharsets.UTF_8), "piece " + piece);
            assertEquals("oops", t.err.toString(StandardCharsets.UTF_8));
            assertEquals(1234L, t.command.started().join());
            assertEquals(1, t.ended);
            assertTrue(t.command.ended());
        }
    }

    @Test
    void aLoneEscapeOrSomethingLikeAMarkerIsOutput() {
        feed(OutputKind.STDOUT, m + "s1;\u001b]exemux;0000000000000000\u0007e and \u001b", 5);
        command.onExit(ProcessExit.exited(0));
        assertEquals("\u001b]exemux;0000000000000000\u0007e and \u001b", out.toString(StandardCharsets.UTF_8));
        assertFalse(command.ended());
    }

    @Test
    void aFailureTokenIsAStartErrorNamingTheProgramAndTheDirectory() {
        feed(OutputKind.STDOUT, m + "fnotfound;", 4);
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () -> command.started().join());
        RemoteCallException cause = (RemoteCallException) e.getCause();
        assertEquals(RemoteCallException.Reason.NOT_FOUND, cause.reason());
        assertEquals("Cannot start 'prog' in '/dir': No such file or directory (no such program on the PATH).", cause.getMessage());
    }
}
