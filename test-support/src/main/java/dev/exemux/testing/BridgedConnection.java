package dev.exemux.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okio.Okio;
import okio.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridged WebSocket: the client's socket (after the gateway's 101) and the upstream exec-server's
 * socket (after its 101), with one frame pump per direction. When either side ends, both sockets are
 * closed, so a close on one side reaches the other and nothing outlives the pair.
 */
final class BridgedConnection {

    private static final Logger log = LoggerFactory.getLogger(BridgedConnection.class);

    private final String exeId;
    private final int number;
    private final Socket upstream;
    private final Faults faults;
    private final Requests requests;
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile Socket client;
    private volatile boolean dropped;
    private volatile Thread downstream;

    BridgedConnection(String exeId, int number, Socket upstream, Faults faults, Requests requests) {
        this.exeId = exeId;
        this.number = number;
        this.upstream = upstream;
        this.faults = faults;
        this.requests = requests;
    }

    String exeId() {
        return exeId;
    }

    /** Relays frames both ways until either side ends; blocks the calling (server) thread. */
    void run(Socket clientSocket) {
        this.client = clientSocket;
        if (cut.get()) {
            // Dropped or closed between the 101 and this call.
            clientSocket.cancel();
            return;
        }
        Thread downstream = new Thread(
                () -> pump(new FramePump(Okio.buffer(upstream.getSource()), Okio.buffer(clientSocket.getSink()),
                        faults.downstreamGate(exeId), null), "upstream -> client"),
                "test-gateway-" + exeId + "#" + number + "-down");
        downstream.setDaemon(true);
        this.downstream = downstream;
        downstream.start();
        pump(new FramePump(Okio.buffer(clientSocket.getSource()), Okio.buffer(upstream.getSink()),
                faults.upstreamGate(exeId), requests.tap(exeId)), "client -> upstream");
        try {
            downstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("bridge {} #{}: ended{}", exeId, number, dropped ? " (dropped)" : "");
    }

    /**
     * Cuts both TCP connections without a WebSocket close handshake, like a network failure: the client
     * sees its connection fail and the exec-server detaches the session (it stays resumable).
     */
    void drop() {
        dropped = true;
        cutBoth();
    }

    private void pump(FramePump pump, String direction) {
        try {
            pump.run();
            log.debug("bridge {} #{}: {} reached end of stream", exeId, number, direction);
        } catch (IOException | IllegalStateException e) {
            // OkHttp's upgraded streams throw IllegalStateException("closed") once the other pump cut them.
            if (!cut.get()) {
                log.debug("bridge {} #{}: {} failed: {}", exeId, number, direction, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cutBoth();
        }
    }

    private void cutBoth() {
        if (cut.compareAndSet(false, true)) {
            Socket c = client;
            if (c != null) {
                c.cancel();
            }
            upstream.cancel();
            // Closing both halves also ends the upgrade call OkHttp made: without it OkHttp reports the
            // upstream connection as leaked once it is collected.
            closeQuietly(upstream.getSource());
            closeQuietly(upstream.getSink());
            Thread down = downstream;
            if (down != null && down != Thread.currentThread()) {
                down.interrupt(); // it may be sleeping in an injected delay
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // already cancelled: nothing more to do
        }
    }
}
