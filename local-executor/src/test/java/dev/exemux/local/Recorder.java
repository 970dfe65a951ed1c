package dev.exemux.local;

import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records everything and notices contract breaches (overlap, output after exit). */
final class Recorder implements ProcessListener {

    final List<String> events = new ArrayList<>();
    final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private final Map<OutputKind, ByteArrayOutputStream> streams = new EnumMap<>(OutputKind.class);
    private final AtomicInteger inCallback = new AtomicInteger();
    volatile boolean overlapped;
    volatile boolean outputAfterExit;
    volatile int exitCalls;
    volatile int largestChunk;

    @Override
    public void onOutput(OutputKind stream, byte[] chunk) {
        enter();
        try {
            synchronized (this) {
                if (exit.isDone()) {
                    outputAfterExit = true;
                }
                streams.computeIfAbsent(stream, s -> new ByteArrayOutputStream()).writeBytes(chunk);
                events.add(stream + ":" + new String(chunk, StandardCharsets.UTF_8));
                largestChunk = Math.max(largestChunk, chunk.length);
                notifyAll();
            }
        } finally {
            inCallback.decrementAndGet();
        }
    }

    @Override
    public void onExit(ProcessExit result) {
        enter();
        try {
            synchronized (this) {
                exitCalls++;
                events.add("exit:" + result.exitCode());
                notifyAll();
            }
            exit.complete(result);
        } finally {
            inCallback.decrementAndGet();
        }
    }

    private void enter() {
        if (inCallback.incrementAndGet() > 1) {
            overlapped = true;
        }
    }

    synchronized byte[] bytes(OutputKind stream) {
        ByteArrayOutputStream out = streams.get(stream);
        return out == null ? new byte[0] : out.toByteArray();
    }

    String text(OutputKind stream) {
        return new String(bytes(stream), StandardCharsets.UTF_8);
    }

    /** Waits until {@code stream} contains {@code expected}. */
    synchronized void awaitText(OutputKind stream, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!text(stream).contains(expected)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no '" + expected + "' on " + stream + " within 10 s; got: " + text(stream));
            }
            wait(left);
        }
    }
}
