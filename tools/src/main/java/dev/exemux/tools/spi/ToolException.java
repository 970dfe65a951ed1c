package dev.exemux.tools.spi;

/**
 * An expected failure with a message fit for a model: what was wrong and what to do instead. Tools
 * throw it from deep inside; {@link AbstractTool} turns it into {@link ToolResult#error}.
 */
public class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message, null, false, false);
    }
}
