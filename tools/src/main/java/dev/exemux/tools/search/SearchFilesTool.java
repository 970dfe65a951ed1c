package dev.exemux.tools.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exemux.executor.Await;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ExecutorResolver;
import dev.exemux.executor.FileMetadata;
import dev.exemux.executor.RemoteCallException;
import dev.exemux.tools.spi.AbstractTool;
import dev.exemux.tools.spi.Args;
import dev.exemux.tools.spi.Schema;
import dev.exemux.tools.spi.ToolContext;
import dev.exemux.tools.spi.ToolDefinition;
import dev.exemux.tools.spi.ToolException;
import dev.exemux.tools.spi.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * search_files: lines matching a pattern, or files matching a glob, under a directory, searched on the
 * executor ({@link ShellSearch}: rg, else grep; {@link WalkSearch} where neither runs) and returned a
 * page at a time in path-then-line order, the same whichever engine ran.
 */
public final class SearchFilesTool extends AbstractTool {

    static final int DEFAULT_RESULTS = 200;
    static final int MAX_RESULTS = 2000;
    static final int MAX_CONTEXT = 5;
    /** Characters of results in one page's text (about 10k tokens); the cursor continues past them. */
    static final int PAGE_CHARS = 40_000;

    private final ExecutorResolver resolver;
    private final long maxHeld;

    public SearchFilesTool(ExecutorResolver resolver) {
        this(resolver, ShellSearch.MAX_HELD);
    }

    /** {@code maxHeld}: bytes of unsorted rg output put in order here before rg is run sorting by path instead. */
    SearchFilesTool(ExecutorResolver resolver, long maxHeld) {
        super(new ToolDefinition(
                "search_files",
                "Search files",
                "Finds lines matching a regex, or (mode files) file names matching a glob, under a directory; by path then line,"
                        + " paged by cursor. Skips binary files, .git, hidden and .gitignored paths.",
                Schema.object()
                        .required("exe_id", Schema.exeId())
                        .required("path", Schema.string("Absolute directory."))
                        .required("pattern", Schema.string("Regex; a glob in files mode."))
                        .optional("mode", Schema.enumOf("Default content.", "content", "files"))
                        .optional("literal", Schema.bool("Pattern is plain text."))
                        .optional("glob", Schema.string("Only these file names."))
                        .optional("case_sensitive", Schema.bool("Default true."))
                        .optional("context_lines", Schema.integer("0-" + MAX_CONTEXT + ", default 0."))
                        .optional("max_results", Schema.integer("Default " + DEFAULT_RESULTS + ", at most " + MAX_RESULTS + "."))
                        .optional("include_hidden", Schema.bool("Default false."))
                        .optional("respect_gitignore", Schema.bool("Default true."))
                        .optional("cursor", Schema.string("Continues a search."))
                        .closed()
                        .build(),
                Schema.object()
                        .required("path", Schema.string("The directory searched."))
                        .required("mode", Schema.enumOf("What was searched.", "content", "files"))
                        .required("engine", Schema.enumOf("What searched on the executor.", "rg", "grep", "walk"))
                        .required("results", Schema.arrayOf("Files by path: in files mode just the path, in content mode"
                                + " with their matches by line.", Schema.object()
                                .required("path", Schema.string("Relative to the directory searched."))
                                .optional("matches", Schema.arrayOf("Matching lines (content mode).", Schema.object()
                                        .required("line", Schema.integer("Line number."))
                                        .required("text", Schema.string("The line, clamped."))
                                        .optional("before", Schema.arrayOf("Context lines before.", context()))
                                        .optional("after", Schema.arrayOf("Context lines after.", context()))
                                        .build()))
                                .build()))
                        .required("returned", Schema.integer("Results (matching lines, or files) on this page."))
                        .required("more", Schema.integer("Further results found after this page (a lower bound when more_at_least)."))
                        .required("more_at_least", Schema.bool("Counting stopped: there may be more than 'more'."))
                        .required("cursor", Schema.nullable(Schema.string("Pass to continue after this page; null when there is nothing after it.")))
                        .required("stopped_at_deadline", Schema.bool("The search did not finish in time; the cursor continues it."))
                        .build(),
                true, false, true));
        this.resolver = resolver;
        this.maxHeld = maxHeld;
    }

    private static ObjectNode context() {
        return Schema.object().required("line", Schema.integer("Line number.")).required("text", Schema.string("The line.")).build();
    }

    @Override
    protected ToolResult run(Args args, ToolContext context) {
        String root = args.absolutePath("path");
        boolean filesMode = args.optionalEnum("mode", "content", "content", "files").equals("files");
        String pattern = args.requiredNonEmpty("pattern");
        boolean literal = args.optionalBoolean("literal", false);
        boolean caseSensitive = args.optionalBoolean("case_sensitive", true);
        String glob = args.optionalString("glob", null);
        int contextLines = args.optionalInt("context_lines", 0, 0, MAX_CONTEXT);
        int maxResults = args.optionalInt("max_results", DEFAULT_RESULTS, 1, MAX_RESULTS);
        boolean includeHidden = args.optionalBoolean("include_hidden", false);
        boolean respectGitignore = args.optionalBoolean("respect_gitignore", true);
        List<NameGlob> globs = new ArrayList<>();
        LinePattern linePattern = null;
        if (filesMode) {
            if (pattern.indexOf('\0') >= 0) {
                throw new ToolException("Argument 'pattern' must not contain NUL characters: no file name can hold one.");
            }
            globs.add(NameGlob.of(pattern));
        } else {
            linePattern = literal ? LinePattern.literal(pattern, caseSensitive) : LinePattern.regex(pattern, caseSensitive);
        }
        if (glob != null) {
            if (glob.indexOf('\0') >= 0) {
                throw new ToolException("Argument 'glob' must not contain NUL characters: no file name can hold one.");
            }
            globs.add(NameGlob.of(glob));
        }
        String key = Cursor.key(root, filesMode ? "files" : "content", pattern, String.valueOf(literal),
                String.valueOf(caseSensitive), glob, String.valueOf(includeHidden), String.valueOf(respectGitignore));
        Cursor cursor = args.has("cursor") ? Cursor.decode(args.requiredString("cursor"), key) : null;
        SearchRequest request = new SearchRequest(root, filesMode, linePattern, globs, filesMode ? 0 : contextLines, maxResults,
                includeHidden, respectGitignore, cursor == null ? null : cursor.path(), cursor == null ? 0 : cursor.line());

        Executor executor = resolver.resolve(args.exeId("exe_id"));
        Duration reserve = Duration.ofMillis(Math.min(2000, Math.max(100, context.remaining().toMillis() / 10)));
        requireDirectory(executor, root, context, reserve);

        SearchPage page = new SearchPage(request.afterPath(), request.afterLine(), maxResults, PAGE_CHARS, SearchPage.COUNT_CAP);
        HitStream stream = new HitStream(request, page);
        boolean deadline;
        AtomicReference<Runnable> stop = new AtomicReference<>(() -> { });
        context.onCancel(() -> stop.get().run());
        ShellSearch.Outcome shell = null;
        try {
            shell = ShellSearch.run(executor, request, stream, context.deadline().minus(reserve), stop, maxHeld);
        } catch (RemoteCallException e) {
            // The executor cannot run the script at all (no /bin/sh, processes refused): walk instead.
        }
        String engine = stream.engine();
        if (shell == null || engine == null || engine.equals("walk")) {
            engine = "walk";
            WalkSearch walk = new WalkSearch(executor, request, stream, context, reserve);
            deadline = walk.run();
        } else {
            deadline = shell.deadline();
            failOnEngineError(executor.id(), engine, shell, page);
        }
        if (stream.failure() != null) {
            throw stream.failure();
        }
        return Render.result(request, executor.id(), engine, page, stream, deadline, key);
    }

    private static void requireDirectory(Executor executor, String root, ToolContext context, Duration reserve) {
        FileMetadata meta;
        try {
            meta = Await.result(executor.stat(root), context.remaining().minus(reserve), executor.id(), "stat " + root);
        } catch (RemoteCallException e) {
            if (e.reason() == RemoteCallException.Reason.NOT_FOUND) {
                throw new ToolException(root + " does not exist on '" + executor.id() + "'. Check the path with list_directory on its parent.");
            }
            throw e;
        }
        if (!meta.isDirectory()) {
            throw new ToolException(root + " on '" + executor.id() + "' is not a directory: search_files searches a directory"
                    + " (use its parent with a glob, or read_file).");
        }
    }

    /** An engine that printed nothing but an error (its regex parser refusing the pattern, a missing directory) is a failure. */
    private static void failOnEngineError(String exeId, String engine, ShellSearch.Outcome shell, SearchPage page) {
        boolean failed = engine.equals("rg") ? shell.exitCode() == 2 : shell.exitCode() != 0 && shell.exitCode() != 1;
        if (failed && !shell.deadline() && !shell.stoppedEarly() && page.hits().isEmpty() && !page.hasMore()
                && !shell.stderr().isBlank() && !shell.stderr().contains("Permission denied")) {
            String detail = shell.stderr().length() > 500 ? shell.stderr().substring(0, 500) + "…" : shell.stderr();
            throw new ToolException("search_files on '" + exeId + "' failed (" + engine + "): " + detail);
        }
    }
}
