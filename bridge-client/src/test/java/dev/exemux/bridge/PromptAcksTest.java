package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PromptAcksTest {

    private static final int ROUNDS = 15;

    /**
     * A peer like codex's exec-server (no TCP_NODELAY) that answers each request with two small writes:
     * the second waits for our ACK of the first. With plain sockets that ACK comes after Linux's
     * delayed-ACK timer (about 40 ms); through PromptAcks it goes out at once.
     */
    @Test
    void aMessageThatFollowsAReplyDoesNotWaitForTheDelayedAck() throws Exception {
        double plain = medianRoundTripMs(new Socket());
        assumeTrue(plain >= 30, "this OS did not delay the ACK (median " + plain + " ms): nothing to show here");
        double tuned = medianRoundTripMs(new PromptAcks().createSocket());
        assertTrue(tuned < plain / 2, "with PromptAcks the second message took " + tuned + " ms (plain socket " + plain + " ms)");
    }

    @Test
    void bytesPassUnchangedWhateverTheReadSizes() throws Exception {
        byte[] data = new byte[3 * 65536 + 17];
        new Random(7).nextBytes(data);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    for (int i = 0; i < data.length; i += 1000) {
                        out.write(data, i, Math.min(1000, data.length - i));
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Socket client = new PromptAcks().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                assertTrue(client.getTcpNoDelay(), "our own small writes must not wait for the peer's ACK");
                InputStream in = client.getInputStream();
                byte[] got = new byte[data.length];
                int n = 0;
                int step = 1;
                while (n < got.length) {
                    int r = in.read(got, n, Math.min(step, got.length - n));
                    assertTrue(r > 0, "stream ended after " + n + " bytes");
                    n += r;
                    step = step * 3 % 9000 + 1;
                }
                assertEquals(-1, in.read(new byte[10], 0, 10));
                assertArrayEquals(data, got);
            }
            sent.get(10, TimeUnit.SECONDS);
        }
    }

    private static double medianRoundTripMs(Socket client) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> answerInTwoWrites(server));
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
            client.setSoTimeout(5000);
            try (client) {
                OutputStream out = client.getOutputStream();
                DataInputStream in = new DataInputStream(client.getInputStream());
                double[] ms = new double[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    long t0 = System.nanoTime();
                    out.write('?');
                    out.flush();
                    in.readFully(new byte[2 * 64]);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                return ms[ROUNDS / 2];
            } finally {
                peer.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void answerInTwoWrites(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] message = new byte[64];
            while (in.read() >= 0) {
                out.write(message); // the reply
                out.flush();
                Thread.sleep(1); // then, a moment later, a notification
                out.write(message);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed: done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
