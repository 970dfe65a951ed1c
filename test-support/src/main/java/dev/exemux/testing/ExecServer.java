package dev.exemux.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running real {@code codex exec-server}, listening on a random loopback port. Close it to kill it
 * and everything it started.
 */
public final class ExecServer implements AutoCloseable {

    private final CodexRelease release;
    private final Process process;
    private final String url;
    private final String token;
    private final Path home;
    /** A copy of the binary and its home, removed on close; null when the server runs from the cache. */
    private final Path scratch;

    private ExecServer(CodexRelease release, Process process, String url, String token, Path home, Path scratch) {
        this.release = release;
        this.process = process;
        this.url = url;
        this.token = token;
        this.home = home;
        this.scratch = scratch;
    }

    public static ExecServer start(String version) {
        return start(CodexRelease.require(version), null);
    }

    /**
     * Starts {@code release}; with a non-null {@code token} the server requires it as a bearer token
     * (capability-token auth, releases 0.158 and later).
     */
    public static ExecServer start(CodexRelease release, String token) {
        try {
            Path home = Files.createTempDirectory("exemux-codex-home-");
            return launch(release, List.of(release.binary().toString()), token, home, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code version} as a user without privileges, so that file permissions apply to what it
     * does (tests here run as root, who may read and write anything). As root, the binary is copied where
     * that user ({@code nobody}) may run it and started through {@code setpriv}; as anyone else it is
     * started as it is. {@link #unprivileged()} says which.
     */
    public static ExecServer startUnprivileged(String version) {
        CodexRelease release = CodexRelease.require(version);
        if (!runningAsRoot()) {
            return start(release, null);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "running as root without setpriv (util-linux): cannot start an exec-server without privileges");
        try {
            Path scratch = Files.createTempDirectory("exemux-unprivileged-codex-");
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path binary = Files.copy(release.binary(), scratch.resolve("codex"));
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path home = Files.createDirectory(scratch.resolve("home"));
            Files.setAttribute(home, "unix:uid", NOBODY);
            Files.setAttribute(home, "unix:gid", NOBODY);
            return launch(release, List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    binary.toString()), null, home, scratch);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The uid and gid of {@code nobody} on Debian. */
    private static final int NOBODY = 65534;

    /** True when this JVM runs as root. */
    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** True when the server runs without privileges (see {@link #startUnprivileged}). */
    public boolean unprivileged() {
        return scratch != null || !runningAsRoot();
    }

    /** {@code command}: how to run the binary; "exec-server --listen ..." is appended. */
    private static ExecServer launch(CodexRelease release, List<String> command, String token, Path home, Path scratch) {
        try {
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("exec-server", "--listen", "ws://127.0.0.1:0"));
            if (token != null) {
                Path tokenFile = home.resolve("ws-token");
                Files.writeString(tokenFile, token + "\n");
                cmd.addAll(List.of("--ws-auth", "capability-token", "--ws-token-file", tokenFile.toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectError(home.resolve("stderr.log").toFile());
            pb.environment().put("CODEX_HOME", home.toString());
            // bash started by the peer must not source ~/.bashrc (when its stdin is a socket and SHLVL is unset, bash sources it even non-interactively, and a killed start can leave pyenv's shim lock behind).
            pb.environment().put("SHLVL", "1");
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            String line = firstLine.get(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("ws://")) {
                p.destroyForcibly();
                throw new IllegalStateException("codex " + release.version() + " exec-server did not print its URL; stderr: "
                        + Files.readString(home.resolve("stderr.log")));
            }
            // Keep draining stdout so the peer never blocks on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) { /* discard */ }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "exec-server-stdout-" + release.version());
            drain.setDaemon(true);
            drain.start();
            return new ExecServer(release, p, line.trim(), token, home, scratch);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /** e.g. {@code ws://127.0.0.1:41037} */
    /** The exec-server's process id (benchmarks count its CPU time). */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return url;
    }

    /** The bearer token the server requires, or null when auth is off. */
    public String token() {
        return token;
    }

    public CodexRelease release() {
        return release;
    }

    public String version() {
        return release.version();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the server at once (for restart and crash tests). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        if (scratch != null) {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover under the temporary directory, not worth failing a test for
            }
        }
    }

    @Override
    public String toString() {
        return "codex " + release.version() + " at " + url;
    }
}
