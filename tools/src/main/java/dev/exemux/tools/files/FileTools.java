package dev.exemux.tools.files;

import dev.exemux.executor.ExecutorResolver;
import dev.exemux.tools.spi.Tool;
import java.util.List;

/** The file tools: read, write, edit, list, stat, mkdir, remove, patch and move on any executor. */
public final class FileTools {

    private FileTools() {}

    public static List<Tool> create(ExecutorResolver resolver) {
        return List.of(
                new ReadFileTool(resolver),
                new WriteFileTool(resolver),
                new EditFileTool(resolver),
                new ListDirectoryTool(resolver),
                new StatPathTool(resolver),
                new MakeDirectoryTool(resolver),
                new RemovePathTool(resolver),
                new ApplyPatchTool(resolver),
                new MovePathTool(resolver));
    }
}
