package dev.exemux.local;

import dev.exemux.executor.OutputKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Copies one output stream of a process to its {@link ProcessOutput} in chunks of at most 64 KiB. It
 * holds one buffer and waits for the listener before reading on, so a process printing gigabytes costs
 * bounded memory (the pipe applies back-pressure).
 */
final class OutputPump implements Runnable {

    static final int MAX_CHUNK = 64 * 1024;

    private final InputStream in;
    private final OutputKind stream;
    private final ProcessOutput output;

    OutputPump(InputStream in, OutputKind stream, ProcessOutput output) {
        this.in = in;
        this.stream = stream;
        this.output = output;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[MAX_CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    output.deliver(stream, Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            // The stream was closed under us (process gone): that is its end.
        } finally {
            output.streamClosed();
        }
    }
}
