package dev.exemux.relay;

import dev.exemux.executor.Limits;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.ProcessSpec;
import dev.exemux.executor.ReadHandle;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The small shell helpers a copy needs on an executor (checksums, tar), each a {@code sh -c}
 * process with its paths passed as arguments, never spliced into the script.
 */
final class RemoteCommands {

    /** What a shell reports for a command it cannot find. */
    static final int NOT_FOUND = 127;
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}");
    private static final int HASH_BLOCK = Limits.BLOCK;

    private RemoteCommands() {}

    static ProcessSpec sh(String script, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return new ProcessSpec(argv, null, env, false, false);
    }

    static ProcessRunner.Result run(Executor executor, ProcessSpec spec, Deadline deadline, String what) {
        return deadline.await(ProcessRunner.run(executor, spec), executor.id(), what);
    }

    static boolean hasCommand(Executor executor, String name, Deadline deadline) {
        return run(executor, sh("command -v \"$1\" >/dev/null 2>&1", null, name), deadline,
                "looking for " + name).succeeded();
    }

    /**
     * A shell function printing the SHA-256 of file {@code $1}, hex digest first, for scripts that hash in
     * the process they already run. openssl's SHA-256 uses the CPU's SHA instructions (about 5x faster
     * than coreutils here), so it is preferred. Paths are absolute, so none can pass for an option.
     */
    static final String SHA256_FUNCTION = "sha256_of() { if command -v openssl >/dev/null 2>&1;"
            + " then openssl dgst -sha256 -r \"$1\"; else sha256sum -- \"$1\"; fi; }\n";
    private static final String SHA256_SCRIPT = SHA256_FUNCTION + "sha256_of \"$1\"";

    /**
     * SHA-256 of the file: {@code openssl} or {@code sha256sum} on the executor, or, where it has
     * neither, by reading the file through exemux (slow, but never unverified).
     */
    static CompletableFuture<String> sha256(Executor executor, String path, Deadline deadline) {
        return ProcessRunner.run(executor, sh(SHA256_SCRIPT, null, path)).thenCompose(r -> {
            if (r.succeeded() && SHA256.matcher(r.stdout()).find()) {
                return CompletableFuture.completedFuture(r.stdout().substring(0, 64));
            }
            if (r.exitCode() == NOT_FOUND) {
                return CompletableFuture.supplyAsync(() -> hashByReading(executor, path, deadline));
            }
            r.requireSuccess(executor.id(), "sha256sum " + path);
            throw new CopyException("sha256sum on '" + executor.id() + "' printed no checksum for " + path + ".");
        });
    }

    private static String hashByReading(Executor executor, String path, Deadline deadline) {
        MessageDigest digest = newSha256();
        try (ReadHandle in = deadline.await(executor.openRead(path), executor.id(), "open " + path)) {
            int block = Math.min(HASH_BLOCK, in.maxBlockSize());
            long offset = 0;
            while (true) {
                ReadHandle.Block b = deadline.await(in.read(offset, block), executor.id(), "read " + path);
                digest.update(b.data());
                offset += b.data().length;
                if (b.eof() || b.data().length == 0) {
                    return hex(digest);
                }
            }
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Packs directory {@code dir} into {@code archive.tar} in a fresh temporary directory, in one process that
     * also tells the archive's size (a metadata call would not on releases that report no sizes).
     */
    static PackedSource.Archive tarToTemp(Executor executor, String dir, Deadline deadline) {
        ProcessRunner.Result r = run(executor, sh(
                "t=$(mktemp -d \"${TMPDIR:-/tmp}/exemux-copy.XXXXXX\") || exit 1\n"
                        + "if tar -C \"$1\" -cf \"$t/archive.tar\" . && s=$(wc -c < \"$t/archive.tar\"); then printf '%s\\n%s' \"$t\" $s;"
                        + " else rm -rf \"$t\"; exit 1; fi",
                null, dir), deadline, "tar " + dir);
        r.requireSuccess(executor.id(), "packing " + dir + " with tar");
        String out = r.stdout();
        int nl = out.lastIndexOf('\n');
        try {
            String temp = out.substring(0, nl);
            return new PackedSource.Archive(temp, temp + "/archive.tar", Long.parseLong(out.substring(nl + 1).strip()));
        } catch (RuntimeException e) {
            throw new CopyException("packing " + dir + " on '" + executor.id() + "' gave no archive size; nothing was copied.");
        }
    }

    /** Creates {@code into} and unpacks {@code archive} into it. */
    static void untar(Executor executor, String archive, String into, Deadline deadline) {
        run(executor, sh("mkdir -- \"$2\" && tar -C \"$2\" -xf \"$1\"", null, archive, into), deadline,
                "untar " + archive).requireSuccess(executor.id(), "unpacking the copied archive into " + into);
    }
}
