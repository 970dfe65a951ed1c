package dev.exemux.tools.files;

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
import dev.exemux.executor.UnsupportedByExecutorException;
import dev.exemux.executor.WriteHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Stand-in for dev.exemux.local.LocalExecutor until it lands on main: this machine's files through
 * java.nio, errors shaped like the real executors'. Delete it once LocalExecutor is available.
 */
final class NioExecutor implements Executor {

    static final int BLOCK = 1 << 20;

    @Override
    public String id() {
        return "local";
    }

    @Override
    public ExecutorStatus status() {
        return new ExecutorStatus("local", ExecutorStatus.State.EMBEDDED, null, null);
    }

    @Override
    public CompletableFuture<ExecutorInfo> describe() {
        return CompletableFuture.completedFuture(new ExecutorInfo("local", null, "linux", null, null, null, "sh",
                new ExecutorInfo.Capabilities(true, false, true, true, false)));
    }

    @Override
    public CompletableFuture<FileMetadata> stat(String path) {
        return io(path, () -> {
            Path p = Path.of(path);
            boolean link = Files.isSymbolicLink(p);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileMetadata(a.isDirectory(), a.isRegularFile(), link, a.size(), a.lastModifiedTime().toMillis());
        });
    }

    @Override
    public CompletableFuture<byte[]> readFile(String path) {
        return io(path, () -> Files.readAllBytes(Path.of(path)));
    }

    @Override
    public CompletableFuture<ReadHandle> openRead(String path) {
        return io(path, () -> {
            FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
            return new ReadHandle() {
                @Override
                public CompletableFuture<Block> read(long offset, int length) {
                    return io(path, () -> {
                        ByteBuffer buffer = ByteBuffer.allocate(Math.min(length, BLOCK));
                        long size = channel.size();
                        while (buffer.hasRemaining() && offset + buffer.position() < size) {
                            if (channel.read(buffer, offset + buffer.position()) < 0) {
                                break;
                            }
                        }
                        byte[] data = new byte[buffer.position()];
                        buffer.flip().get(data);
                        return new Block(data, offset + data.length >= size);
                    });
                }

                @Override
                public int maxBlockSize() {
                    return BLOCK;
                }

                @Override
                public void close() {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
            };
        });
    }

    @Override
    public CompletableFuture<Void> writeFile(String path, byte[] data) {
        return io(path, () -> {
            Files.write(Path.of(path), data);
            return null;
        });
    }

    @Override
    public CompletableFuture<WriteHandle> openWrite(String path, long size) {
        return CompletableFuture.failedFuture(new UnsupportedByExecutorException("local", "openWrite is not in the test stand-in"));
    }

    @Override
    public CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        return io(path, () -> {
            try (Stream<Path> s = Files.list(Path.of(path))) {
                List<DirectoryEntry> out = new ArrayList<>();
                s.forEach(p -> out.add(new DirectoryEntry(p.getFileName().toString(), Files.isDirectory(p), Files.isRegularFile(p))));
                return out;
            }
        });
    }

    @Override
    public CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return io(path, () -> {
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
        return io(path, () -> {
            Path p = Path.of(path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (force) {
                    return null;
                }
                throw new NoSuchFileException(path);
            }
            if (recursive && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
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
        return CompletableFuture.failedFuture(new UnsupportedByExecutorException("local", "copy is not in the test stand-in"));
    }

    @Override
    public CompletableFuture<String> canonicalize(String path) {
        return io(path, () -> Path.of(path).toRealPath().toString());
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        return io(spec.argv().get(0), () -> {
            Process p = new ProcessBuilder(spec.argv()).start();
            CompletableFuture<ProcessExit> exit = CompletableFuture.supplyAsync(() -> {
                try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
                    byte[] o = out.readAllBytes();
                    byte[] e = err.readAllBytes();
                    listener.onOutput(OutputKind.STDOUT, o);
                    listener.onOutput(OutputKind.STDERR, e);
                    ProcessExit x = ProcessExit.exited(p.waitFor());
                    listener.onExit(x);
                    return x;
                } catch (IOException | InterruptedException e) {
                    ProcessExit x = ProcessExit.lost(e.toString());
                    listener.onExit(x);
                    return x;
                }
            });
            return new ProcessHandle() {
                public String id() {
                    return Long.toString(p.pid());
                }

                public CompletableFuture<Void> write(byte[] data) {
                    return CompletableFuture.failedFuture(new UnsupportedOperationException());
                }

                public CompletableFuture<Void> interrupt() {
                    return terminate();
                }

                public CompletableFuture<Void> terminate() {
                    p.destroyForcibly();
                    return CompletableFuture.completedFuture(null);
                }

                public CompletableFuture<ProcessExit> exit() {
                    return exit;
                }
            };
        });
    }

    private static <T> CompletableFuture<T> io(String path, Callable<T> action) {
        try {
            return CompletableFuture.completedFuture(action.call());
        } catch (NoSuchFileException e) {
            return fail(RemoteCallException.Reason.NOT_FOUND, "No such file or directory (os error 2): " + path);
        } catch (AccessDeniedException e) {
            return fail(RemoteCallException.Reason.PERMISSION_DENIED, "Permission denied (os error 13): " + path);
        } catch (DirectoryNotEmptyException e) {
            return fail(RemoteCallException.Reason.DIRECTORY_NOT_EMPTY, "Directory not empty (os error 39): " + path);
        } catch (FileAlreadyExistsException e) {
            return fail(RemoteCallException.Reason.ALREADY_EXISTS, "File exists (os error 17): " + path);
        } catch (NotDirectoryException e) {
            return fail(RemoteCallException.Reason.NOT_A_DIRECTORY, "Not a directory (os error 20): " + path);
        } catch (Exception e) {
            return fail(RemoteCallException.Reason.OTHER, e.getMessage() + ": " + path);
        }
    }

    private static <T> CompletableFuture<T> fail(RemoteCallException.Reason reason, String message) {
        return CompletableFuture.failedFuture(new RemoteCallException("local", reason, 0, message));
    }
}
