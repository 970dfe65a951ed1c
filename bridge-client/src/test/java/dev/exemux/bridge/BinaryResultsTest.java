package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.exemux.executor.ProtocolException;
import dev.exemux.executor.ReadHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** fs/readBlock results: the bytes a block stands for, whichever way the reply wrote them. */
class BinaryResultsTest {

    private static final JsonFactory JSON = new JsonFactory();

    /** Reads {@code reply}'s result the way the connection does: parser on the result's first token. */
    private static ReadHandle.Block read(String reply, boolean withMessage) throws IOException {
        byte[] message = reply.getBytes(StandardCharsets.UTF_8);
        try (JsonParser in = JSON.createParser(message)) {
            in.nextToken();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                if (field.equals("result")) {
                    ReadHandle.Block block = BinaryResults.readBlock(in, withMessage ? message : null, "chunk", "e1");
                    assertEquals(JsonToken.END_OBJECT, in.currentToken(), "the whole result was consumed");
                    return block;
                }
                in.skipChildren();
            }
        }
        throw new AssertionError("no result in " + reply);
    }

    @Test
    void aPlainBase64BlockIsKeptAsItsTextAndStandsForTheSameBytesOfEveryLength() throws IOException {
        Random random = new Random(5);
        for (int length : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 1000, 1 << 20}) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            for (boolean withMessage : new boolean[] {true, false}) {
                ReadHandle.Block block = read("{\"id\":3,\"result\":{\"chunk\":\"" + base64 + "\",\"eof\":true},\"jsonrpc\":\"2.0\"}", withMessage);
                assertEquals(length, block.length(), "length known without decoding");
                assertTrue(block.eof());
                assertArrayEquals(bytes, block.data());
                assertEquals(base64, new String(block.base64(), StandardCharsets.US_ASCII), "handed on as it came");
            }
        }
    }

    @Test
    void aBlockWithEscapesIsDecodedByTheParserInstead() throws IOException {
        byte[] bytes = Base64.getDecoder().decode("ab/+cd//");
        ReadHandle.Block block = read("{\"id\":3,\"result\":{\"eof\":false,\"chunk\":\"ab\\/+cd\\/\\/\"}}", true);
        assertArrayEquals(bytes, block.data());
        assertEquals("ab/+cd//", new String(block.base64(), StandardCharsets.US_ASCII));
        assertEquals(false, block.eof());
    }

    @Test
    void aChunkThatIsNotBase64IsAnErrorNamingTheExecutorWhenItsBytesAreWanted() throws IOException {
        assertThrows(IOException.class, () -> read("{\"id\":3,\"result\":{\"chunk\":\"abc\",\"eof\":false}}", true));
        assertThrows(IOException.class, () -> read("{\"id\":3,\"result\":{\"chunk\":\"a-b_\",\"eof\":false}}", false));
        // Kept as text, it is checked when decoded (here, or by the executor it is written to).
        ReadHandle.Block kept = read("{\"id\":3,\"result\":{\"chunk\":\"a-b_\",\"eof\":false}}", true);
        ProtocolException e = assertThrows(ProtocolException.class, kept::data);
        assertTrue(e.getMessage().startsWith("executor 'e1' sent a block of a file that is not base64"), e.getMessage());
    }

    @Test
    void aBlockThatCameAsBytesIsEncodedWhenWrittenAsBase64() {
        ReadHandle.Block block = new ReadHandle.Block(new byte[] {1, 2, 3, 4}, false);
        assertEquals("AQIDBA==", new String(block.base64(), StandardCharsets.US_ASCII));
        assertEquals(4, block.length());
    }
}
