package dev.exemux.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private ExecServer(CodexRelease release, Process process, String url, String token, Path home) {
        this.release = release;
        this.process = process;
        this.url = url;
        this.token = token;
        this.home = home;
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
            List<String> cmd = new ArrayList<>(List.of(
                    release.binary().toString(), "exec-server", "--listen", "ws://127.0.0.1:0"));
            if (token != null) {
                Path tokenFile = home.resolve("ws-token");
                Files.writeString(tokenFile, token + "\n");
                cmd.addAll(List.of("--ws-auth", "capability-token", "--ws-token-file", tokenFile.toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectError(home.resolve("stderr.log").toFile());
            pb.environment().put("CODEX_HOME", home.toString());
            // bash started by the peer must not source ~/.bashrc (see shared/notes/machine.md).
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
            return new ExecServer(release, p, line.trim(), token, home);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /** e.g. {@code ws://127.0.0.1:41037} */
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
    }

    @Override
    public String toString() {
        return "codex " + release.version() + " at " + url;
    }
}
