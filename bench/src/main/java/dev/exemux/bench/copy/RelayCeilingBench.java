package dev.exemux.bench.copy;

import static dev.exemux.bench.CopyBaselines.median;
import static dev.exemux.bench.CopyBaselines.oneChecksumPass;
import static dev.exemux.bench.CopyBaselines.plainCurl;
import static dev.exemux.bench.CopyBaselines.randomFile;

import dev.exemux.executor.ProcessSpec;
import dev.exemux.relay.RelayClient;
import dev.exemux.relay.RelaySettings;
import dev.exemux.relay.Ticket;
import dev.exemux.relay.TransferScripts;
import dev.exemux.testing.TestRelay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Diagnostic: the most a relay copy can reach on this machine. The two scripts a relay copy runs
 * ({@link TransferScripts}, the very same text and arguments) and the final {@code mv} are forked straight from
 * here, with no exemux, exec-server or gateway in between, through {@link TestRelay}; alternating with the
 * floor (plain curl's PUT+GET through the same relay, plus one SHA-256 pass) and with the same scripts minus
 * the source's checksum. What a copy through bin/exemux loses against the first is exemux's and the
 * executors' share; what the first loses against the floor is the scripts' own.
 *
 * <p>Usage: {@code RelayCeilingBench [MiB=256] [runs=9]} (bench/copy/run.sh ceiling).
 */
public final class RelayCeilingBench {

    private static final String SECRET = "bench-relay-secret";
    private static final long MAX_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Path dir = Files.createTempDirectory("exemux-relay-ceiling-");
        try (TestRelay relay = new TestRelay(SECRET, "bench", null);
                RelayClient relayClient = new RelayClient(new RelaySettings(URI.create(relay.url()), SECRET, "bench"))) {
            Path file = randomFile(dir.resolve("source.bin"), mib << 20);
            TransferScripts scripts = TransferScripts.forRelay(URI.create(relay.url()));
            System.out.printf(Locale.ROOT, "relay copy's scripts forked here vs the floor, %d MiB, %d runs, %d cores, load %s%n",
                    mib, runs, Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
            List<Double> floors = new ArrayList<>();
            List<Double> both = new ArrayList<>();
            List<Double> destinationOnly = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                double curl = plainCurl(relayClient, file, dir.resolve("curl-out.bin"));
                Files.delete(dir.resolve("curl-out.bin"));
                double floor = curl + oneChecksumPass(file);
                double withSource = scriptsAndRename(relayClient, scripts, file, dir, true);
                double withoutSource = scriptsAndRename(relayClient, scripts, file, dir, false);
                floors.add(floor);
                both.add(withSource);
                destinationOnly.add(withoutSource);
                System.out.printf(Locale.ROOT, "run %d: floor %.3f s; scripts + mv %.3f s (floor/that %.2fx); without the source's checksum %.3f s (%.2fx)%n",
                        i + 1, floor, withSource, floor / withSource, withoutSource, floor / withoutSource);
            }
            double f = median(floors);
            System.out.printf(Locale.ROOT, "RESULT ceiling: floor median %.3f s; scripts + mv median %.3f s, floor/that %.2fx;"
                    + " without the source's checksum %.3f s, %.2fx%n", f, median(both), f / median(both),
                    median(destinationOnly), f / median(destinationOnly));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Seconds from forking both scripts to the end of the {@code mv} that follows them, as a relay copy runs them. */
    private static double scriptsAndRename(RelayClient relayClient, TransferScripts scripts, Path file, Path dir,
            boolean hashSource) throws Exception {
        Ticket ticket = relayClient.mint("src", "dst", Duration.ofMinutes(5), Files.size(file));
        String mark = TransferScripts.newMark();
        Path temp = dir.resolve("out.bin.part");
        Path target = dir.resolve("out.bin");
        long t0 = System.nanoTime();
        CompletableFuture<String> download = fork(scripts.download(ticket, temp.toString(), MAX_SECONDS, mark, null));
        CompletableFuture<String> upload = fork(scripts.upload(ticket, file.toString(), MAX_SECONDS, mark, hashSource));
        String done = TransferScripts.doneLine(mark);
        String down = download.get(MAX_SECONDS, TimeUnit.SECONDS);
        String up = upload.get(MAX_SECONDS, TimeUnit.SECONDS);
        if (!down.endsWith(done) || !up.endsWith(done) || !down.contains(mark + " sha256 ")
                || hashSource != up.contains(mark + " sha256 ")) {
            throw new IllegalStateException("a transfer script failed:\n" + up + "\n" + down);
        }
        Process mv = new ProcessBuilder("mv", "-T", "--", temp.toString(), target.toString()).inheritIO().start();
        if (mv.waitFor() != 0) {
            throw new IllegalStateException("mv failed");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Files.size(target) != Files.size(file)) {
            throw new IllegalStateException("the download holds " + Files.size(target) + " bytes");
        }
        Files.delete(target);
        return seconds;
    }

    /** Starts {@code spec} here as an executor would (its environment added to this one's): its stdout when it ends. */
    private static CompletableFuture<String> fork(ProcessSpec spec) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(spec.env());
        Process p = pb.start();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> { // a thread each: the common pool may have one, and both scripts are read at once
            Thread t = new Thread(task, "script-output");
            t.setDaemon(true);
            t.start();
        });
    }
}
