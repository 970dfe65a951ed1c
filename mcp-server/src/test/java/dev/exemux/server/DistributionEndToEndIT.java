package dev.exemux.server;

import static dev.exemux.server.McpClientDriver.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: the tarball the build made, unpacked into an empty directory
 * outside the repository, installed with its scripts/install.sh into a fresh prefix (with a fresh user
 * cache), then the installed exemux driven by real MCP clients in both eras, on this JVM and on another
 * one (whose start-up archive it must build for itself, writing nothing but JSON-RPC on stdout).
 */
class DistributionEndToEndIT {

    /** A JDK other than the one that built the archive, when the machine has one. */
    private static final Path OTHER_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path temp;

    @Test
    void theTarballInstallsAndRunsWithoutTheCheckout() throws Exception {
        Path tarball = Path.of(System.getProperty("exemux.distribution", "target/exemux-0.1.0-SNAPSHOT.tar.gz")).toAbsolutePath();
        assertTrue(Files.isRegularFile(tarball), "the build made " + tarball);
        Path unpacked = Files.createDirectory(temp.resolve("unpacked"));
        Path prefix = temp.resolve("prefix");
        Path home = Files.createDirectory(temp.resolve("home"));
        run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), unpacked, home);
        Path dist;
        try (var entries = Files.list(unpacked)) {
            dist = entries.findFirst().orElseThrow();
        }
        for (String file : List.of("bin/exemux", "lib/exemux.jar", "lib/exemux.jsa", "scripts/install.sh", "README.md", "LICENSE")) {
            assertTrue(Files.exists(dist.resolve(file)), "the tarball holds " + file);
        }

        String printed = run(List.of(dist.resolve("scripts/install.sh").toString(), prefix.toString()), unpacked, home);
        Path installed = prefix.resolve("bin/exemux");
        assertEquals("claude mcp add exemux -- " + installed, printed.strip(), "install.sh prints the line to add to a client");
        assertTrue(Files.isExecutable(installed));
        try (var archives = Files.list(home.resolve(".cache/exemux/cds"))) {
            assertTrue(archives.anyMatch(p -> p.toString().endsWith(".jsa")), "install.sh built the start-up archive for this install");
        }

        for (String mode : List.of("legacy", "2026-07-28")) {
            McpClientDriver.Report r = new McpClientDriver().command(installed).client("client", mode).env("HOME", home.toString())
                    .listTools()
                    .call("exec_command", args("exe_id", "local", "command", "echo installed"))
                    .run();
            assertEquals("installed\n", r.result(1).path("structuredContent").path("stdout").asText(), mode + ": " + r.json());
            r.assertStdoutIsOnlyJsonRpc();
        }

        if (Files.isExecutable(OTHER_JDK.resolve("bin/java"))) {
            for (int run = 1; run <= 2; run++) { // the first start builds its archive, the second may use it
                McpClientDriver.Report r = new McpClientDriver().command(installed).env("HOME", home.toString())
                        .env("JAVA_HOME", OTHER_JDK.toString())
                        .call("exec_command", args("exe_id", "local", "command", "echo other-jdk"))
                        .run();
                assertEquals("other-jdk\n", r.result(0).path("structuredContent").path("stdout").asText(), r.json().toString());
                r.assertStdoutIsOnlyJsonRpc();
                assertFalse(r.stderr().toLowerCase().contains("error"), "no error on another JVM: " + r.stderr());
            }
            awaitNoTraining(home.resolve(".cache/exemux/cds"));
        }
    }

    /** Waits (up to 3 minutes) for a start-up archive being built in the background to be done. */
    private static void awaitNoTraining(Path cache) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try (var files = Files.list(cache)) {
                if (files.noneMatch(p -> p.toString().endsWith(".lock") || p.toString().endsWith(".tmp"))) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < end, "the background archive build ended");
            Thread.sleep(200);
        }
    }

    /** Runs a command to its end (exit 0) with a clean environment; its stdout. */
    private static String run(List<String> command, Path dir, Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EXEMUX_") || k.equals("XDG_CACHE_HOME"));
        pb.environment().put("HOME", home.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), command + " finished");
        assertEquals(0, p.exitValue(), command + " succeeded");
        return new String(out, StandardCharsets.UTF_8);
    }
}
