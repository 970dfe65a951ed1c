package dev.exemux.relay;

/** Hears about each destination of a fan-out copy; called from the copying threads, so keep it quick. */
public interface FanOutListener {

    FanOutListener NONE = new FanOutListener() {
        @Override
        public void progress(String exeId, long done, long total) {}

        @Override
        public void ended(DestinationResult result) {}
    };

    /** @param total bytes to move to {@code exeId}, or -1 while unknown */
    void progress(String exeId, long done, long total);

    /** {@code result}'s destination is finished, copied or not. */
    void ended(DestinationResult result);
}
