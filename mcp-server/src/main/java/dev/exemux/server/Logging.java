package dev.exemux.server;

/** slf4j-simple set up from code: to stderr only, short lines. Must run before the first logger is created. */
final class Logging {

    private Logging() {}

    static void configure(String level) {
        // Named, the provider is loaded directly: SLF4J's ServiceLoader search of the class path
        // (jar index, service files) cost the first reply 10-25 ms on every start.
        setDefault("slf4j.provider", org.slf4j.simple.SimpleServiceProvider.class.getName());
        setDefault("slf4j.internal.verbosity", "WARN"); // else SLF4J reports that choice on stderr
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
        // Milliseconds since start: a date format would load locale data and slow start-up.
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        // Reactor reports dropped errors at error level with stack traces; they are ours to report.
        setDefault("org.slf4j.simpleLogger.log.reactor", "warn".equals(level) || "error".equals(level) ? level : "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
