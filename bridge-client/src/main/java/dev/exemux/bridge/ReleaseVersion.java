package dev.exemux.bridge;

/**
 * The version an exec-server reports ({@code environmentInfo.executorVersion}, 0.154+), compared by
 * major and minor only: a patch release never changed the protocol. Only {@link Dialect#learn} reads it.
 */
record ReleaseVersion(int major, int minor) {

    /** The version in {@code text} (e.g. {@code 0.171.0}, {@code 0.172.0-alpha.1}), or null if it says none. */
    static ReleaseVersion parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split("[.-]");
        if (parts.length < 2) {
            return null;
        }
        try {
            return new ReleaseVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean before(int otherMajor, int otherMinor) {
        return major != otherMajor ? major < otherMajor : minor < otherMinor;
    }
}
