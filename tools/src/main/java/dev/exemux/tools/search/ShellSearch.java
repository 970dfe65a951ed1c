package dev.exemux.tools.search;

import dev.exemux.executor.Await;
import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.OutputKind;
import dev.exemux.executor.ProcessExit;
import dev.exemux.executor.ProcessHandle;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The search as one shell script on the executor: {@code rg} when it is on the PATH, else
 * {@code find | sort | xargs grep -P} (GNU grep with PCRE; .gitignore through {@code git check-ignore}
 * when the directory is in a git work tree), else it only says {@code walk} and exemux walks the tree
 * itself. Output streams back and is parsed as it comes; once the page is complete the process is
 * stopped, so a search costs what the page needs plus the counting of what follows.
 */
final class ShellSearch {

    /** What the process did. */
    record Outcome(boolean stoppedEarly, boolean deadline, int exitCode, String stderr) {}

    private static final int STDERR_KEEP = 4096;

    private ShellSearch() {}

    /**
     * Runs the search; {@code stream.engine()} tells which engine ran ("walk": none could). {@code onCancel}
     * receives what stops the process, for the call's cancellation.
     */
    static Outcome run(Executor executor, SearchRequest request, HitStream stream, Instant end, AtomicReference<Runnable> onCancel) {
        String script = script(request);
        Listener listener = new Listener(new EngineOutput(request.filesMode(), stream));
        ProcessHandle handle = Await.result(
                executor.start(new ProcessSpec(List.of("/bin/sh", "-c", script), request.root(), null, false, false), listener),
                until(end), executor.id(), "starting the search");
        onCancel.set(() -> handle.terminate());
        boolean deadline = false;
        try {
            Await.result(listener.done, until(end), executor.id(), "search of " + request.root());
        } catch (DeadlineExceededException e) {
            deadline = true;
            listener.stop(); // what the page holds now is the answer; nothing more may be added to it
        }
        if (listener.stopped || deadline) {
            handle.terminate();
        }
        stream.finishFile();
        return new Outcome(listener.stopped, deadline, listener.exitCode, listener.stderr());
    }

    /** Collects stdout into the parser and a little of stderr; stops the process when the parser is satisfied. */
    private static final class Listener implements ProcessListener {
        private final EngineOutput parser;
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile boolean stopped;
        volatile int exitCode;

        Listener(EngineOutput parser) {
            this.parser = parser;
        }

        @Override
        public synchronized void onOutput(OutputKind stream, byte[] chunk) {
            if (stream == OutputKind.STDERR) {
                stderr.write(chunk, 0, Math.min(chunk.length, Math.max(0, STDERR_KEEP - stderr.size())));
                return;
            }
            if (stopped) {
                return;
            }
            if (!parser.feed(chunk)) {
                stopped = true;
                done.complete(null); // the page is complete: no need to wait for the rest
            }
        }

        @Override
        public synchronized void onExit(ProcessExit exit) {
            exitCode = exit.exitCode();
            done.complete(null);
        }

        synchronized void stop() {
            stopped = true;
        }

        synchronized String stderr() {
            return stderr.toString(StandardCharsets.UTF_8).strip();
        }
    }

    /** The script, every value single-quoted: it chooses the engine and runs it. */
    static String script(SearchRequest r) {
        boolean content = !r.filesMode();
        List<String> names = r.engineNameFilter();
        StringBuilder s = new StringBuilder("LC_ALL=C; export LC_ALL\n");

        // rg sorting by path walks the tree on one thread: so it is only the fallback. First the matching
        // files unsorted (in parallel), sorted here as a walk visits them ('/' before every other byte),
        // then their lines on one thread (-j1 keeps the given order); the first rg's exit code is kept.
        String filters = rgFilters(r, names);
        String pattern = content ? " -e " + quote("(?-u)" + r.pattern().bytePattern()) : "";
        String lines = " --line-number --with-filename --no-heading --color never"
                + (content && r.contextLines() > 0 ? " -C " + r.contextLines() : "");
        s.append("if command -v rg >/dev/null 2>&1; then\n  printf 'exemux-engine rg\\0'\n")
                .append("  if command -v sort >/dev/null 2>&1 && command -v tr >/dev/null 2>&1")
                .append(content ? " && command -v xargs >/dev/null 2>&1" : "").append("; then\n")
                .append("    exec 3>&1\n    s=$( { { rg --no-config --null").append(filters)
                .append(content ? " --files-with-matches" + pattern + " -- ." : " --files -- .")
                .append("; echo $? >&4; } | tr '/' '\\001' | sort -z | tr '\\001' '/'");
        if (content) {
            s.append(" | xargs -0 -r rg --no-config --null -j1").append(lines).append(pattern).append(" --");
        }
        s.append(" >&3; } 4>&1 )\n    [ \"$s\" = 2 ] && exit 2\n    exit 0\n  fi\n")
                .append("  exec rg --no-config --null --sort path").append(filters)
                .append(content ? lines + pattern + " -- .\n" : " --files -- .\n")
                .append("fi\n");

        s.append("if command -v find >/dev/null 2>&1 && command -v xargs >/dev/null 2>&1 && command -v sort >/dev/null 2>&1")
                .append(" && { grep -P x /dev/null 2>/dev/null; [ $? -eq 1 ]; }; then\n")
                .append("  printf 'exemux-engine grep\\0'\n")
                .append("  t=$(mktemp -d) || exit 3\n  trap 'rm -rf \"$t\"' EXIT\n  trap 'exit 143' HUP INT TERM\n")
                .append("  find . -mindepth 1 \\( -name .git").append(r.includeHidden() ? "" : " -o -name '.*'")
                .append(" \\) -prune -o -type f");
        if (!names.isEmpty()) {
            s.append(" \\(");
            for (int i = 0; i < names.size(); i++) {
                s.append(i == 0 ? "" : " -o").append(" -name ").append(quote(names.get(i)));
            }
            s.append(" \\)");
        }
        s.append(" -print0 > \"$t/a\"\n");
        if (r.respectGitignore()) {
            // rg's rule: .gitignore (and .git/info/exclude, the global excludes) count inside a git work tree only.
            s.append("  if command -v git >/dev/null 2>&1 && [ \"$(git -c safe.directory='*' rev-parse --is-inside-work-tree 2>/dev/null)\" = true ]; then\n")
                    .append("    sort -z \"$t/a\" > \"$t/s\" && git -c safe.directory='*' check-ignore --no-index --stdin -z < \"$t/s\" | sort -z > \"$t/i\"\n")
                    .append("    comm -z -23 \"$t/s\" \"$t/i\" > \"$t/a\"\n  fi\n");
        }
        // Sorted as a walk visits them: '/' before every other byte.
        s.append("  tr '/' '\\001' < \"$t/a\" | sort -z | tr '\\001' '/'");
        if (content) {
            s.append(" | xargs -0 -r grep -nHIZP");
            if (r.contextLines() > 0) {
                s.append(" -C ").append(r.contextLines());
            }
            s.append(" -e ").append(quote(r.pattern().bytePattern())).append(" --");
        }
        s.append("\n  exit $?\nfi\nprintf 'exemux-engine walk\\0'\n");
        return s.toString();
    }

    /** What rg searches: .git never, hidden and ignored files as asked, only the request's names. */
    private static String rgFilters(SearchRequest r, List<String> names) {
        StringBuilder s = new StringBuilder(" --no-ignore-dot -g '!.git'");
        if (r.includeHidden()) {
            s.append(" --hidden");
        }
        if (!r.respectGitignore()) {
            s.append(" --no-ignore");
        }
        for (String name : names) {
            s.append(" --type-add ").append(quote("exemuxglob:" + name));
        }
        if (!names.isEmpty()) {
            s.append(" -t exemuxglob");
        }
        return s.toString();
    }

    private static Duration until(Instant end) {
        Duration left = Duration.between(Instant.now(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
