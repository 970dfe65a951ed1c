package dev.exemux.bench;

import dev.exemux.relay.RelayClient;
import dev.exemux.relay.Ticket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** What the copy benchmarks share: the file they copy, the baselines they measure against, the median. */
public final class CopyBaselines {

    private CopyBaselines() {}

    /** A file of {@code size} pseudo-random bytes (incompressible, the same in every run). */
    public static Path randomFile(Path path, long size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
        return path;
    }

    /** Seconds for one {@code openssl dgst -sha256} of the file: what a relay copy's check costs at least. */
    public static double oneChecksumPass(Path file) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-r", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + out);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The same PUT and GET through the same relay, by curl straight from this machine: seconds. */
    public static double plainCurl(RelayClient relayClient, Path file, Path out) throws Exception {
        Ticket t = relayClient.mint("src", "dst", Duration.ofMinutes(5), 0);
        String bearer = "Authorization: Bearer " + t.value();
        long t0 = System.nanoTime();
        Process get = new ProcessBuilder("curl", "-sS", "-f", "-o", out.toString(), "-H", bearer, t.downloadUrl().toString())
                .redirectErrorStream(true).start();
        Process put = new ProcessBuilder("curl", "-sS", "-T", file.toString(), "-H", "Expect:", "-H", bearer,
                t.uploadUrl().toString()).redirectErrorStream(true).start();
        String putAnswer = new String(put.getInputStream().readAllBytes());
        boolean done = put.waitFor(10, TimeUnit.MINUTES) & get.waitFor(10, TimeUnit.MINUTES);
        double s = (System.nanoTime() - t0) / 1e9;
        if (!done || put.exitValue() != 0 || get.exitValue() != 0 || !putAnswer.contains("\"ok\"")) {
            throw new IllegalStateException("plain curl transfer failed: " + putAnswer);
        }
        return s;
    }

    public static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
