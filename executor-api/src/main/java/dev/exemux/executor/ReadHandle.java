package dev.exemux.executor;

import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** An open file for random-access reads. Close it; closing twice is harmless. */
public interface ReadHandle extends AutoCloseable {

    /** At most {@code length} bytes from {@code offset}; fewer only at end of file. */
    CompletableFuture<Block> read(long offset, int length);

    /** The largest {@code length} one {@link #read} serves. */
    int maxBlockSize();

    @Override
    void close();

    /**
     * Bytes of a file, and whether they reach its end. A remote executor sends blocks as base64 and may
     * hand them on in that form: a block copied to another remote executor then crosses exemux without
     * being decoded and encoded again (base64 coding was about 70 % of exemux's CPU in a stream copy,
     * JFR). Whoever needs the bytes gets them decoded on first use.
     */
    final class Block {
        private final boolean eof;
        private final int length;
        private final byte[] base64;
        /** Where a block that came as base64 came from, for the error if it is not base64. */
        private final String exeId;
        private byte[] data;

        /** @param eof true when the block reaches the end of the file */
        public Block(byte[] data, boolean eof) {
            this.data = data;
            this.base64 = null;
            this.exeId = null;
            this.length = data.length;
            this.eof = eof;
        }

        private Block(byte[] base64, int length, boolean eof, String exeId) {
            this.base64 = base64;
            this.exeId = exeId;
            this.length = length;
            this.eof = eof;
        }

        /**
         * A block as its base64 text (ASCII, padded), not decoded here: whoever decodes it checks it, be it
         * {@link #data} or the executor it is written to, which refuses a block that is not base64.
         *
         * @param exeId the executor that sent it
         * @throws IllegalArgumentException if its length is not a whole number of 4-character groups
         */
        public static Block ofBase64(byte[] base64, boolean eof, String exeId) {
            int n = base64.length;
            if (n % 4 != 0) {
                throw new IllegalArgumentException("base64 of " + n + " characters is not padded");
            }
            int padding = n == 0 ? 0 : (base64[n - 1] == '=' ? 1 : 0) + (base64[n - 2] == '=' ? 1 : 0);
            return new Block(base64, n / 4 * 3 - padding, eof, exeId);
        }

        /**
         * The bytes, decoded from base64 on first use if the block came so.
         *
         * @throws ProtocolException if it came as something that is not base64
         */
        public synchronized byte[] data() {
            if (data == null) {
                try {
                    data = Base64.getDecoder().decode(base64);
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(exeId, "executor '" + exeId + "' sent a block of a file that is not base64 ("
                            + e.getMessage() + "); read it again, and if this persists the executor is faulty.", e);
                }
            }
            return data;
        }

        /** How many bytes the block holds (without decoding it). */
        public int length() {
            return length;
        }

        public boolean eof() {
            return eof;
        }

        /** The bytes as base64 (ASCII): the text the block came as, else encoded now. */
        public byte[] base64() {
            return base64 != null ? base64 : Base64.getEncoder().encode(data);
        }

        @Override
        public String toString() {
            return "Block[" + length + " bytes" + (eof ? ", eof" : "") + "]";
        }
    }
}
