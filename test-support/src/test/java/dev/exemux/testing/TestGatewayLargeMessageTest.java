package dev.exemux.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages of tens of MB, and binary frames, pass the gateway unchanged. */
class TestGatewayLargeMessageTest {

    private static final String TOKEN = "workspace-secret";
    private static final Duration REPLY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void relaysBigMessagesBothWays() throws Exception {
        byte[] big = randomBytes(30 << 20, 1);   // read back as a ~40 MB message
        byte[] upload = randomBytes(10 << 20, 2); // written as a ~14 MB message (OkHttp sends at most 16 MiB)
        Path source = Files.write(dir.resolve("big.bin"), big);
        Path target = dir.resolve("upload.bin");
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW);
             TestGateway gateway = TestGateway.start(TOKEN).route("exe-1", peer);
             WsProbe client = WsProbe.open(gateway.bridgeUrl() + "/exe-1", TOKEN)) {
            client.call(1, "initialize", Map.of("clientName", "large-message-test"), REPLY);
            client.initialized();

            JsonNode read = client.call(2, "fs/readFile", Map.of("path", source.toUri().toString()), REPLY);
            assertTrue(read.has("result"), () -> abbreviate(read));
            assertArrayEquals(big, Base64.getDecoder().decode(read.path("result").path("dataBase64").asText()),
                    "the 30 MiB file must arrive intact");

            JsonNode wrote = client.call(3, "fs/writeFile", Map.of(
                    "path", target.toUri().toString(),
                    "dataBase64", Base64.getEncoder().encodeToString(upload)), REPLY);
            assertTrue(wrote.has("result"), () -> abbreviate(wrote));
            assertArrayEquals(upload, Files.readAllBytes(target));
        }
    }

    @Test
    void relaysBinaryFrames() {
        // exec-server reads JSON-RPC from binary frames too, so the reply proves the binary frame arrived.
        try (ExecServer peer = ExecServer.start(CodexRelease.NEW);
             TestGateway gateway = TestGateway.start(TOKEN).route("exe-1", peer);
             WsProbe client = WsProbe.open(gateway.bridgeUrl() + "/exe-1", TOKEN)) {
            client.send(ByteString.encodeUtf8(WsProbe.request(7, "initialize", Map.of("clientName", "binary"))));
            JsonNode reply = client.nextJson(REPLY);
            assertTrue(reply.path("id").asInt() == 7 && reply.has("result"), reply.toString());
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String abbreviate(JsonNode node) {
        return WsProbe.abbreviate(node.toString());
    }
}
