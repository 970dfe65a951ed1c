package dev.exemux.local;

import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.ReadHandle;
import dev.exemux.executor.RemoteCallException.Reason;
import dev.exemux.executor.WriteHandle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The file half of the local executor: java.nio on the blocking pool, with the remote peer's semantics. */
final class LocalFiles {

    /** The largest file a Java array holds; bigger ones must be read in blocks. */
    static final long MAX_WHOLE_READ = Integer.MAX_VALUE - 8;

    private final BlockingIo io;

    LocalFiles(BlockingIo io) {
        this.io = io;
    }

    CompletableFuture<FileMetadata> stat(String path) {
        return onPool(path, LocalFiles::metadata);
    }

    /** A symlink as its target, with its text; a dangling (or looping) one as itself. */
    static FileMetadata metadata(Path p) throws IOException {
        BasicFileAttributes own = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!own.isSymbolicLink()) {
            return new FileMetadata(own.isDirectory(), own.isRegularFile(), false, own.size(), own.lastModifiedTime().toMillis());
        }
        String text = Files.readSymbolicLink(p).toString();
        BasicFileAttributes target;
        try {
            target = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return FileMetadata.dangling(text, own.size(), own.lastModifiedTime().toMillis());
        } catch (java.nio.file.AccessDeniedException e) {
            // The target may exist but cannot be examined: a link of unknown kind, as the bridge reports it.
            return new FileMetadata(false, false, true, own.size(), own.lastModifiedTime().toMillis(), text, false);
        } catch (java.nio.file.FileSystemException e) {
            // A loop: the JDK reports ELOOP only by its text.
            if (e.getReason() != null && e.getReason().contains("Too many levels of symbolic links")) {
                return FileMetadata.dangling(text, own.size(), own.lastModifiedTime().toMillis());
            }
            throw e;
        }
        return new FileMetadata(target.isDirectory(), target.isRegularFile(), true, target.size(),
                target.lastModifiedTime().toMillis(), text, false);
    }

    CompletableFuture<byte[]> readFile(String path) {
        return onPool(path, p -> {
            BasicFileAttributes attrs = requireRegularFile(p);
            if (attrs.size() > MAX_WHOLE_READ) {
                throw IoErrors.invalid(p + " is " + attrs.size() + " bytes, too large to read in one piece; read it in blocks"
                        + " with openRead.");
            }
            return Files.readAllBytes(p);
        });
    }

    CompletableFuture<ReadHandle> openRead(String path) {
        return onPool(path, p -> {
            requireRegularFile(p);
            return new LocalReadHandle(p, FileChannel.open(p, StandardOpenOption.READ), io);
        }, ReadHandle::close);
    }

    CompletableFuture<Void> writeFile(String path, byte[] data) {
        return onPool(path, p -> {
            Files.write(p, data);
            return null;
        });
    }

    CompletableFuture<WriteHandle> openWrite(String path, long size) {
        if (size < 0) {
            return CompletableFuture.failedFuture(IoErrors.invalid("size must not be negative: " + size));
        }
        return onPool(path, p -> new LocalWriteHandle(p, size, FileChannel.open(p, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), new SerialQueue(io)), WriteHandle::abort);
    }

    CompletableFuture<List<DirectoryEntry>> listDirectory(String path) {
        return onPool(path, p -> {
            List<DirectoryEntry> entries = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path child : children) {
                    DirectoryEntry entry = entry(child);
                    if (entry != null) {
                        entries.add(entry);
                    }
                }
            }
            return entries;
        });
    }

    /** An entry with its metadata, dangling symlinks included; never throws, so one bad entry cannot fail a listing. */
    private static DirectoryEntry entry(Path child) {
        String name = child.getFileName().toString();
        try {
            return new DirectoryEntry(name, metadata(child));
        } catch (NoSuchFileException e) {
            return null; // removed since it was listed
        } catch (IOException e) {
            // Listed but not stat-able (e.g. a directory without search permission): still show the name.
            return new DirectoryEntry(name, false, false);
        }
    }

    CompletableFuture<Void> createDirectory(String path, boolean recursive) {
        return onPool(path, p -> {
            if (recursive) {
                Files.createDirectories(p);
            } else {
                Files.createDirectory(p);
            }
            return null;
        });
    }

    CompletableFuture<Void> remove(String path, boolean recursive, boolean force) {
        return onPool(path, p -> {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (force) {
                    return null;
                }
                throw e;
            }
            if (attrs.isDirectory() && recursive) {
                FileTrees.deleteRecursively(p);
            } else if (force) {
                Files.deleteIfExists(p);
            } else {
                Files.delete(p);
            }
            return null;
        });
    }

    CompletableFuture<Void> copy(String source, String destination, boolean recursive) {
        Path to;
        try {
            to = LocalPaths.absolute(destination);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onPool(source, from -> {
            BasicFileAttributes attrs = Files.readAttributes(from, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                if (!recursive) {
                    throw IoErrors.invalid("copy requires recursive: true when the source is a directory: " + from);
                }
                if (to.normalize().startsWith(from.normalize())) {
                    throw IoErrors.invalid("cannot copy a directory into itself: " + from + " -> " + to);
                }
                FileTrees.copyRecursively(from, to);
            } else {
                if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                    throw IoErrors.failure(Reason.IS_A_DIRECTORY, "Is a directory: " + to);
                }
                FileTrees.copyEntry(from, to);
            }
            return null;
        });
    }

    CompletableFuture<Void> move(String source, String destination) {
        Path to;
        try {
            to = LocalPaths.absolute(destination);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onPool(source, from -> {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        });
    }

    CompletableFuture<String> canonicalize(String path) {
        return onPool(path, p -> p.toRealPath().toString());
    }

    /** Devices and FIFOs have no end (/dev/zero) or block until a writer comes: reading them would hang a pool thread. */
    private static BasicFileAttributes requireRegularFile(Path p) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
        if (attrs.isDirectory()) {
            throw IoErrors.failure(Reason.IS_A_DIRECTORY, "Is a directory: " + p);
        }
        if (!attrs.isRegularFile()) {
            throw IoErrors.invalid(p + " is not a regular file (a device, FIFO or socket), so it cannot be read as a file.");
        }
        return attrs;
    }

    /** A blocking call on one absolute path: checks the path here, runs the call on the pool. */
    @FunctionalInterface
    private interface PathCall<T> {
        T run(Path path) throws IOException;
    }

    private <T> CompletableFuture<T> onPool(String path, PathCall<T> call) {
        return onPool(path, call, abandoned -> { });
    }

    private <T> CompletableFuture<T> onPool(String path, PathCall<T> call, Consumer<T> release) {
        Path p;
        try {
            p = LocalPaths.absolute(path);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return io.submit(p, () -> call.run(p), release);
    }
}
