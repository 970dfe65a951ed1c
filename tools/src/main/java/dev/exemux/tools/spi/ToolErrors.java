package dev.exemux.tools.spi;

import dev.exemux.executor.Await;
import dev.exemux.executor.ExecutorException;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever escaped a tool into an error result a model can act on, never a stack trace. */
public final class ToolErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ToolErrors.class);

    private ToolErrors() {}

    /** How much of an unexpected failure's message a result carries. */
    static final int MAX_MESSAGE = 300;

    /** The error result for {@code failure} raised by tool {@code toolName}. */
    public static ToolResult toResult(String toolName, Throwable failure) {
        Throwable t = failure instanceof RuntimeException ? Await.unwrap(failure) : failure;
        if (t instanceof ToolException || t instanceof ExecutorException) {
            // Both carry messages written for the model already.
            return ToolResult.error(t.getMessage());
        }
        if (t instanceof CancellationException) {
            return ToolResult.error(toolName + " was cancelled before it finished.");
        }
        // A bug: log the trace to stderr for us, give the model only what it can use.
        LOG.warn("{} failed unexpectedly", toolName, t);
        return ToolResult.error(toolName + " failed unexpectedly (" + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + clip(t.getMessage())) + "). This is a bug in exemux; trying again may help.");
    }

    /** An unexpected failure's message can quote any input (a whole argument): only its start is useful. */
    private static String clip(String message) {
        String oneLine = message.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
