package dev.exemux.relay;

/**
 * How one destination of {@link CopyService#copyToMany} ended: copied ({@code result}) or not
 * ({@code error}, written for a model; nothing was then left at its dst_path).
 */
public record DestinationResult(String exeId, CopyResult result, String error) {

    public boolean succeeded() {
        return result != null;
    }
}
