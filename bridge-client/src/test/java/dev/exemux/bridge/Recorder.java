package dev.exemux.bridge;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Collects a process's output for assertions, and checks the listener contract (nothing after exit). */
class Recorder implements ProcessListener {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    volatile long lost;
    volatile boolean outputAfterExit;

    @Override
    public synchronized void onOutput(OutputKind stream, byte[] chunk) {
        if (exit.isDone()) {
            outputAfterExit = true;
        }
        (stream == OutputKind.STDERR ? stderr : stdout).write(chunk, 0, chunk.length);
    }

    @Override
    public void onOutputLost(long chunks) {
        lost += chunks;
    }

    @Override
    public void onExit(ProcessExit e) {
        exit.complete(e);
    }

    synchronized String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
