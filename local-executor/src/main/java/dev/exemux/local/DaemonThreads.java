package dev.exemux.local;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so a forgotten executor never keeps the JVM alive and thread dumps read well. */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        return start(prefix + "-" + next.incrementAndGet(), task, false);
    }

    /** A daemon thread named {@code name}, started now when {@code start} is true. */
    static Thread start(String name, Runnable task, boolean start) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        if (start) {
            thread.start();
        }
        return thread;
    }
}
