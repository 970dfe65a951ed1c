package dev.exemux.relay;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorInfo;
import dev.exemux.executor.ExecutorStatus;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.executor.WriteHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A minimal in-process {@link Executor} on this machine's files and processes, under any exe_id, for
 * the copy tests to have two distinct executors until the real local executor and the bridge pool are
 * available. Failures map to the same {@link RemoteCallException} reasons a real executor reports.
 */
final class MachineExecutor implements Executor, AutoCloseable {

    private final String id;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "machine-executor");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong processIds = new AtomicLong();

    MachineExecutor(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ExecutorStatus status() {
        return new ExecutorStatus(id, ExecutorStatus.State.EMBEDDED, null, null);
    }

    @Override
    public CompletableFuture<ExecutorInfo> describe() {
        return CompletableFuture.completedFuture(new ExecutorInfo(id, null, "linux", null, null, null, "sh",
                new ExecutorInfo.Capabilities(true, true, false, true, false)));
    }

    private <T> CompletableFuture<T> async(String path, IoCall<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (NoSuchFileException e) {
                throw new CompletionException(new RemoteCallException(id, RemoteCallException.Reason.NOT_FOUND, 0,
                        path + " does not exist on '" + id + "'"));
            } catch (FileAlreadyExistsException e) {
                throw new CompletionException(new RemoteCallException(id, RemoteCallException.Reason.ALREADY_EXISTS, 0,
                        path + " already exists on '" + id + "'"));
            } catch (IOException e) {
                throw new CompletionException(new RemoteCallException(id, RemoteCallException.Reason.OTHER, 0,
                        path + ": " + e.getMessage()));
            }
        }, io);
    }

    interface IoCall<T> {
        T run() throws IOException;
    }

    @Override
    public CompletableFuture<FileMetadata> stat(String path) {
        return async(path, () -> {
            BasicFileAttributes a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return new FileMetadata(a.isDirectory(), a.isRegularFile(), a.isSymbolicLink(), a.size(),
                    a.lastModifiedTime().toMillis());
        });
    }

    @Override
    public CompletableFuture<byte[]> readFile(String path) {
        return async(path, () -> Files.readAllBytes(Path.of(path)));
    }

    @Override
    public CompletableFuture<ReadHandle> openRead(String path) {
        return async(path, () -> {
            FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ);
            return new ReadHandle() {
                @Override
                public CompletableFuture<Block> read(long offset, int length) {
                    return async(path, () -> {
                        ByteBuffer buf = ByteBuffer.allocate(length);
                        long pos = offset;
                        while (buf.hasRemaining()) {
                            int n = ch.read(buf, pos);
                            if (n < 0) {
                                break;
                            }
                            pos += n;
                        }
                        byte[] data = Arrays.copyOf(buf.array(), buf.position());
                        return new Block(data, offset + data.length >= ch.size());
                    });
                }

                @Override
                public int maxBlockSize() {
                    return 1 << 20;
                }

                @Override
                public void close() {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closing twice is harmless
                    }
                }
            };
        });
    }

    @Override
    public CompletableFuture<Void> writeFile(String path, byte[] data) {
        return async(path, () -> {
            Files.write(Path.of(path), data);
            return null;
        });
    }

    @Override
    public CompletableFuture<WriteHandle> openWrite(String path, long size) {
        return async(path, () -> {
            FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ExecutorService order = Executors.newSingleThreadExecutor();
            return new WriteHandle() {
                @Override
                public CompletableFuture<Void> write(byte[] chunk) {
                    return CompletableFuture.supplyAsync(wrap(path, () -> {
                        ch.write(ByteBuffer.wrap(chunk));
                        return null;
                    }), order);
                }

                @Override
                public CompletableFuture<Void> finish() {
                    return CompletableFuture.supplyAsync(wrap(path, () -> {
                        long written = ch.size();
                        ch.close();
                        order.shutdown();
                        if (written != size) {
                            throw new IOException("only " + written + " of " + size + " bytes arrived");
                        }
                        return null;
                    }), order);
                }

                @Override
                public CompletableFuture<Void> abort() {
                    order.shutdownNow();
                    return async(path, () -> {
                        ch.close();
                        Files.deleteIfExists(Path.of(path));
                        return null;
                    });
                }
            };
        });
    }

    private <T> Supplier<T> wrap(String path, IoCall<T> call) {
        return () -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new CompletionException(new RemoteCallException(id, RemoteCallException.Reason.OTHER, 0, path + ": " + e.getMessage()));
            }
        };
    }

    @Override
    public CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        return async(path, () -> {
            try (Stream<Path> s = Files.list(Path.of(path))) {
                return s.map(p -> new DirectoryEntry(p.getFileName().toString(), Files.isDirectory(p), Files.isRegularFile(p)))
                        .toList();
            }
        });
    }

    @Override
    public CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return async(path, () -> {
            if (recursive) {
                Files.createDirectories(Path.of(path));
            } else {
                Files.createDirectory(Path.of(path));
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return async(path, () -> {
            Path p = Path.of(path);
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (force) {
                    return null;
                }
                throw new NoSuchFileException(path);
            }
            if (recursive && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            } else {
                Files.delete(p);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        return async(source, () -> {
            Process p = new ProcessBuilder(recursive ? List.of("cp", "-a", "--", source, destination)
                    : List.of("cp", "--", source, destination)).redirectErrorStream(true).start();
            try {
                if (p.waitFor() != 0) {
                    throw new IOException(new String(p.getInputStream().readAllBytes()).strip());
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                throw new IOException("interrupted");
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<String> canonicalize(String path) {
        return async(path, () -> Path.of(path).toRealPath().toString());
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        return async(spec.argv().get(0), () -> {
            ProcessBuilder pb = new ProcessBuilder(spec.argv());
            if (spec.cwd() != null) {
                pb.directory(Path.of(spec.cwd()).toFile());
            }
            pb.environment().put("SHLVL", "1");
            pb.environment().putAll(spec.env());
            Process process = pb.start();
            if (!spec.pipeStdin()) {
                process.getOutputStream().close();
            }
            String pid = id + "-" + processIds.incrementAndGet();
            CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
            Object lock = new Object();
            Thread out = pump(process.getInputStream(), OutputKind.STDOUT, listener, lock);
            Thread err = pump(process.getErrorStream(), OutputKind.STDERR, listener, lock);
            io.submit(() -> {
                try {
                    int code = process.waitFor();
                    out.join();
                    err.join();
                    ProcessExit e = ProcessExit.exited(code);
                    synchronized (lock) {
                        listener.onExit(e);
                    }
                    exit.complete(e);
                } catch (InterruptedException e) {
                    exit.complete(ProcessExit.lost("interrupted"));
                }
            });
            return new ProcessHandle() {
                @Override
                public String id() {
                    return pid;
                }

                @Override
                public CompletableFuture<Void> write(byte[] data) {
                    return async(pid, () -> {
                        process.getOutputStream().write(data);
                        process.getOutputStream().flush();
                        return null;
                    });
                }

                @Override
                public CompletableFuture<Void> interrupt() {
                    return async(pid, () -> {
                        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
                        return null;
                    });
                }

                @Override
                public CompletableFuture<Void> terminate() {
                    process.descendants().forEach(java.lang.ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletableFuture<ProcessExit> exit() {
                    return exit;
                }
            };
        });
    }

    private static Thread pump(InputStream in, OutputKind kind, ProcessListener listener, Object lock) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    byte[] chunk = Arrays.copyOf(buf, n);
                    synchronized (lock) {
                        listener.onOutput(kind, chunk);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "machine-executor-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
