package dev.exemux.bridge;

/**
 * The {@link Dialect}'s report of what the executor offers beyond the bridge's own behaviour, for
 * {@code ExecutorInfo.Capabilities}. Before 0.150 both follow {@code http/request} (0.124+), which came
 * just after piped stdin started working (0.122).
 *
 * @param pipedStdin writes to a piped stdin reach the process
 * @param http the executor can make HTTP requests itself
 */
record Offers(boolean pipedStdin, boolean http) {}
