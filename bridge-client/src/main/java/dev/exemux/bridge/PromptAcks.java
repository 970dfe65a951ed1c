package dev.exemux.bridge;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * The bridge's sockets, tuned so that small messages never wait on TCP's delayed ACK.
 *
 * <p>exec-servers do not set {@code TCP_NODELAY}: a message they send right after another (a
 * {@code process/exited} after {@code process/start}'s result) is held by Nagle's algorithm until the
 * first is acknowledged, and Linux delays that ACK by up to 40 ms on a connection that also sends. Every
 * short process took about 48 ms instead of 5 (a raw JDK WebSocket client sees the same). Asking for a
 * quick ACK whenever a read has drained the socket sends it at once. {@code TCP_NODELAY} on our side keeps
 * our own back-to-back requests from waiting the same way on the peer's ACK.
 *
 * <p>OkHttp gives a WebSocket's socket to no interceptor or event listener, so the tuning lives in the
 * socket it is given to connect with. Under TLS ({@code wss://}, a gateway) the JDK's TLS layer reads
 * that socket without its stream, so only {@code TCP_NODELAY} applies there (a TLS round trip test with
 * a Nagle-ing peer measured 44 ms with and without): the quick ACKs serve {@code ws://} connections.
 */
final class PromptAcks extends SocketFactory {

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new QuickAckSocket();
        s.setTcpNoDelay(true);
        return s;
    }

    // OkHttp only asks for unconnected sockets; the rest of the factory is here for completeness.

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(InetAddress.getByName(host), port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(InetAddress.getByName(host), port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host, port, null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort)); // null and 0: any address, any port
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static final class QuickAckSocket extends Socket {
        private volatile boolean quickAck = true;

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n >= 0 && n < len) {
                        ackNow(); // the socket is drained: whatever just arrived ends a message
                    }
                    return n;
                }
            };
        }

        private void ackNow() {
            if (!quickAck) {
                return;
            }
            try {
                // Linux leaves quick-ACK mode as it sees fit, so it is asked for again after each burst.
                setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | UnsupportedOperationException e) {
                quickAck = false; // closed, or an OS without quick ACKs: nothing more to do
            }
        }
    }
}
