package dev.exemux.local;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.WriteHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded executor {@code local}: this machine's files and processes, served in-process with the
 * same behaviour (errors, symlinks, exit codes) as a remote codex exec-server behind the same interface.
 * Call {@link #shutdown()} when done: it kills the processes this executor started.
 */
public final class LocalExecutor implements Executor {

    public static final String EXE_ID = IoErrors.EXE_ID;
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
    private static final int IO_THREADS = 4;

    private final BlockingIo io = new BlockingIo("exemux-local-io", IO_THREADS);
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("exemux-local-timer"));
    private final LocalFiles files = new LocalFiles(io);
    private final LocalProcesses processes;
    private final ExecutorInfo info;

    public LocalExecutor() {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        processes = new LocalProcesses(io, timer, cwd);
        // The rule every executor follows: bash where there is one, else sh (not $SHELL, which varies by user).
        String shell = java.nio.file.Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
        info = new ExecutorInfo(EXE_ID, "embedded", System.getProperty("os.name").toLowerCase(Locale.ROOT), null,
                cwd.toString(), System.getProperty("user.home"), shell,
                new ExecutorInfo.Capabilities(true, true, true, true, false));
        timer.setRemoveOnCancelPolicy(true);
        warnIfFileNamesAreNotUtf8();
    }

    @Override
    public String id() {
        return EXE_ID;
    }

    @Override
    public ExecutorStatus status() {
        return new ExecutorStatus(EXE_ID, ExecutorStatus.State.EMBEDDED, null, info);
    }

    @Override
    public CompletableFuture<ExecutorInfo> describe() {
        return CompletableFuture.completedFuture(info);
    }

    @Override
    public CompletableFuture<FileMetadata> stat(String path) {
        return files.stat(path);
    }

    @Override
    public CompletableFuture<byte[]> readFile(String path) {
        return files.readFile(path);
    }

    @Override
    public CompletableFuture<ReadHandle> openRead(String path) {
        return files.openRead(path);
    }

    @Override
    public CompletableFuture<Void> writeFile(String path, byte[] data) {
        return files.writeFile(path, data);
    }

    @Override
    public CompletableFuture<WriteHandle> openWrite(String path, long size) {
        return files.openWrite(path, size);
    }

    @Override
    public CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        return files.listDirectory(path);
    }

    @Override
    public CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return files.createDirectory(path, recursive);
    }

    @Override
    public CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return files.remove(path, recursive, force);
    }

    @Override
    public CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        return files.copy(source, destination, recursive);
    }

    /** rename(2) in-process instead of the interface's default {@code mv} helper command. */
    @Override
    public CompletableFuture<Void> move(String source, String destination) {
        return files.move(source, destination);
    }

    @Override
    public CompletableFuture<String> canonicalize(String path) {
        return files.canonicalize(path);
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        return processes.start(spec, listener);
    }

    /**
     * Kills every process this executor started and stops its threads; later calls fail with
     * {@link dev.exemux.executor.ExecutorOfflineException}. Idempotent.
     */
    public void shutdown() {
        processes.killAll();
        io.shutdown();
        timer.shutdown();
    }

    private static void warnIfFileNamesAreNotUtf8() {
        String encoding = System.getProperty("sun.jnu.encoding");
        if (encoding != null && !isUtf8(encoding)) {
            LOG.warn("File names are encoded as {}, so non-ASCII paths on 'local' will be mangled; "
                    + "start exemux with a UTF-8 locale (e.g. LC_ALL=C.UTF-8).", encoding);
        }
    }

    private static boolean isUtf8(String encoding) {
        try {
            return Charset.forName(encoding).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
