package dev.exemux.server;

/**
 * A bad environment variable: start-up stops with {@link #getMessage()} as its only output. The
 * message names the variable and what is wrong, and never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem, null, false, false);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
