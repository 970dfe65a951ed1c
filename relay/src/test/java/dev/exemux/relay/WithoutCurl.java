package dev.exemux.relay;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An executor whose processes see a PATH holding the usual tools but no HTTP client, like a slim
 * container: the relay cannot use it and copies must stream.
 */
final class WithoutCurl implements Executor {

    private static final List<String> TOOLS = List.of("sh", "tar", "sha256sum", "mv", "wc", "mktemp", "rm", "mkdir",
            "cp", "cat", "env", "kill", "sleep", "head");

    private final Executor delegate;
    private final String path;

    WithoutCurl(Executor delegate, Path binDir) {
        this.delegate = delegate;
        this.path = binDir.toString();
        try {
            Files.createDirectories(binDir);
            for (String tool : TOOLS) {
                for (String dir : List.of("/usr/bin", "/bin")) {
                    Path real = Path.of(dir, tool);
                    Path link = binDir.resolve(tool);
                    if (Files.isExecutable(real) && !Files.exists(link)) {
                        Files.createSymbolicLink(link, real);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletableFuture<ProcessHandle> start(ProcessSpec spec, ProcessListener listener) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.put("PATH", path);
        return delegate.start(new ProcessSpec(spec.argv(), spec.cwd(), env, spec.tty(), spec.pipeStdin()), listener);
    }

    @Override public String id() { return delegate.id(); }
    @Override public ExecutorStatus status() { return delegate.status(); }
    @Override public CompletableFuture<ExecutorInfo> describe() { return delegate.describe(); }
    @Override public CompletableFuture<FileMetadata> stat(String p) { return delegate.stat(p); }
    @Override public CompletableFuture<byte[]> readFile(String p) { return delegate.readFile(p); }
    @Override public CompletableFuture<ReadHandle> openRead(String p) { return delegate.openRead(p); }
    @Override public CompletableFuture<Void> writeFile(String p, byte[] d) { return delegate.writeFile(p, d); }
    @Override public CompletableFuture<WriteHandle> openWrite(String p, long s) { return delegate.openWrite(p, s); }
    @Override public CompletableFuture<List<DirectoryEntry>> listDirectory(String p) { return delegate.listDirectory(p); }
    @Override public CompletableFuture<Void> createDirectory(String p, boolean r) { return delegate.createDirectory(p, r); }
    @Override public CompletableFuture<Void> remove(String p, boolean r, boolean f) { return delegate.remove(p, r, f); }
    @Override public CompletableFuture<Void> copy(String s, String d, boolean r) { return delegate.copy(s, d, r); }
    @Override public CompletableFuture<Void> move(String s, String d) { return delegate.move(s, d); }
    @Override public CompletableFuture<String> canonicalize(String p) { return delegate.canonicalize(p); }
}
