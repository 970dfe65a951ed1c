package dev.exemux.testing;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Socket;

/**
 * Opens the gateway's side of a bridge: a WebSocket upgrade to a real exec-server, kept as a raw
 * socket so frames can be relayed unchanged. OkHttp's {@code WebSocket} is not used because it cannot
 * send a message over 16 MiB nor pass fragmented frames through; a plain upgrade also never offers
 * permessage-deflate, which releases up to 0.130 answer by dropping the connection.
 */
final class UpstreamDialer implements AutoCloseable {

    /** The upstream answered the upgrade with something other than 101. */
    static final class RefusedException extends IOException {
        final int code;

        RefusedException(int code) {
            super("upstream exec-server answered HTTP " + code + " to the WebSocket upgrade");
            this.code = code;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final OkHttpClient client = new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .writeTimeout(10, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();

    /** Upgrades to {@code wsUrl} ({@code ws://ip:port}); sends {@code token} as a bearer when non-null. */
    Socket dial(String wsUrl, String token) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Request.Builder request = new Request.Builder()
                .url(wsUrl.replaceFirst("^ws:", "http:").replaceFirst("^wss:", "https:"))
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        Response response = client.newCall(request.build()).execute();
        Socket socket = response.socket();
        if (response.code() != 101 || socket == null) {
            response.close();
            throw new RefusedException(response.code());
        }
        // The handshake's read and write timeouts stay on the upgraded socket: an idle bridge is normal.
        socket.getSource().timeout().clearTimeout();
        socket.getSink().timeout().clearTimeout();
        return socket;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
