package dev.exemux.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.RemoteCallException.Reason;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OS errors that can't be provoked reliably in a test (root reads everything, full disks) still map right. */
class IoErrorsTest {

    private static void assertMaps(IOException e, Path subject, Reason reason, String message) {
        RemoteCallException mapped = IoErrors.of(e, subject);
        assertEquals(reason, mapped.reason());
        assertEquals(message, mapped.getMessage());
        assertEquals("local", mapped.exeId());
        assertEquals(0, mapped.code());
    }

    @Test
    void typedExceptionsAndErrnoTextMapToTheirReasonWithThePathNamed() {
        assertMaps(new AccessDeniedException("/x"), null, Reason.PERMISSION_DENIED, "Permission denied: /x");
        assertMaps(new FileSystemException("/x", null, "Operation not permitted"), null, Reason.PERMISSION_DENIED,
                "Permission denied: /x");
        assertMaps(new FileSystemException("/d", null, "Is a directory"), null, Reason.IS_A_DIRECTORY, "Is a directory: /d");
        assertMaps(new IOException("Is a directory"), Path.of("/d"), Reason.IS_A_DIRECTORY, "Is a directory: /d");
        assertMaps(new IOException("Not a directory"), Path.of("/f/x"), Reason.NOT_A_DIRECTORY, "Not a directory: /f/x");
    }

    @Test
    void otherErrorsKeepTheOsWordingAndBothPaths() {
        assertMaps(new FileSystemException("/a", "/b", "Read-only file system"), Path.of("/ignored"), Reason.OTHER,
                "Read-only file system: /a -> /b");
        assertMaps(new IOException("No space left on device"), Path.of("/big"), Reason.OTHER, "No space left on device: /big");
        assertMaps(new IOException(), Path.of("/p"), Reason.OTHER, "I/O error: /p");
    }
}
