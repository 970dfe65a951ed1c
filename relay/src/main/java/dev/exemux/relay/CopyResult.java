package dev.exemux.relay;

/**
 * What a finished copy did.
 *
 * @param transport {@code relay}, {@code stream}, or {@code executor} (both paths on one executor)
 * @param bytes bytes moved: the file's size, or the tar archive's size for a directory
 * @param sha256 hex SHA-256 of those bytes, verified on both sides
 * @param fallbackReason why the relay was not used although transport was {@code auto}; null otherwise
 */
public record CopyResult(String transport, long bytes, String sha256, long durationMs, String fallbackReason) {}
