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
import java.util.function.BooleanSupplier;

/**
 * The search as one shell script on the executor: {@code rg} when it is on the PATH, else
 * {@code find | sort | xargs grep -P} (GNU grep with PCRE; .gitignore through {@code git check-ignore}
 * when the directory is in a git work tree), else it only says {@code walk} and exemux walks the tree
 * itself. Output streams back and is parsed as it comes; once the page is complete the process is
 * stopped, so a search costs what the page needs plus the counting of what follows. rg runs unsorted
 * first and its output is put in order here ({@link ReorderedOutput}); rg sorting by path is the fallback.
 */
final class ShellSearch {

    /** What the process did. */
    record Outcome(boolean stoppedEarly, boolean deadline, int exitCode, String stderr) {}

    private static final int STDERR_KEEP = 4096;

    /** Bytes of unsorted rg output held to be put in order (about 2,000 long lines with context, or 100,000 names). */
    static final long MAX_HELD = 4 << 20;

    private ShellSearch() {}

    /**
     * Runs the search; {@code stream.engine()} tells which engine ran ("walk": none could). {@code onCancel}
     * receives what stops the process, for the call's cancellation. rg runs unsorted first (on all cores),
     * its output held and put in walk order here; when that output is more than {@code maxHeld} bytes or rg
     * has not finished in half the time left, rg runs again sorting by path itself (on one thread), streamed.
     */
    static Outcome run(Executor executor, SearchRequest request, HitStream stream, Instant end, AtomicReference<Runnable> onCancel,
                       long maxHeld) {
        Instant now = Instant.now();
        Instant half = now.plus(Duration.between(now, end).dividedBy(2));
        ReorderedOutput held = new ReorderedOutput(stream, maxHeld);
        Outcome first = runScript(executor, script(request, false), request, held, end, half, held::holding, onCancel);
        if (!held.holding()) {
            stream.finishFile(); // grep: streamed in order as it came
            return first;
        }
        if (first.stoppedEarly() && !first.deadline()) { // more than may be held, or not done in half the time
            Outcome sorted = runScript(executor, script(request, true), request, stream, end, end, () -> false, onCancel);
            stream.finishFile();
            return sorted;
        }
        // rg's exit codes: 0 found, 1 nothing found, 2 an error beside what it printed (an unreadable file);
        // anything else (stopped by a cancellation) or the deadline: what is held may not be the whole answer.
        if (!first.deadline() && first.exitCode() >= 0 && first.exitCode() <= 2) {
            held.release(request.filesMode());
        }
        stream.finishFile();
        return first;
    }

    /**
     * Runs one script into {@code sink} until it ends, the page is complete or {@code end}; at {@code softEnd}
     * it gives up instead (stopped early) if {@code mayGiveUp} says so.
     */
    private static Outcome runScript(Executor executor, String script, SearchRequest request, EngineOutput.Sink sink, Instant end,
                                     Instant softEnd, BooleanSupplier mayGiveUp, AtomicReference<Runnable> onCancel) {
        Listener listener = new Listener(new EngineOutput(request.filesMode(), sink));
        ProcessHandle handle = Await.result(
                executor.start(new ProcessSpec(List.of("/bin/sh", "-c", script), request.root(), null, false, false), listener),
                until(end), executor.id(), "starting the search");
        onCancel.set(() -> handle.terminate());
        boolean deadline = false;
        try {
            try {
                Await.result(listener.done.copy(), until(softEnd), executor.id(), "search of " + request.root());
            } catch (DeadlineExceededException e) {
                if (mayGiveUp.getAsBoolean()) {
                    listener.stop();
                    handle.terminate();
                    return new Outcome(true, false, -1, listener.stderr());
                }
                Await.result(listener.done, until(end), executor.id(), "search of " + request.root());
            }
        } catch (DeadlineExceededException e) {
            deadline = true;
            listener.stop(); // what the page holds now is the answer; nothing more may be added to it
        }
        if (listener.stopped || deadline) {
            handle.terminate();
        }
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

    /** The script, every value single-quoted: it chooses the engine and runs it (rg sorting by path or not). */
    static String script(SearchRequest r, boolean rgSorted) {
        boolean content = !r.filesMode();
        List<String> names = r.engineNameFilter();
        StringBuilder s = new StringBuilder("LC_ALL=C; export LC_ALL\n");

        // Unsorted, rg searches on all cores; sorting by path makes it walk and search on one thread.
        s.append("if command -v rg >/dev/null 2>&1; then\n  printf 'exemux-engine rg\\0'\n  exec rg --no-config --null")
                .append(rgSorted ? " --sort path" : "").append(" --no-ignore-dot -g '!.git'");
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
        if (content) {
            s.append(" --line-number --with-filename --no-heading --color never");
            if (r.contextLines() > 0) {
                s.append(" -C ").append(r.contextLines());
            }
            s.append(" -e ").append(quote("(?-u)" + r.pattern().bytePattern())).append(" -- .\n");
        } else {
            s.append(" --files -- .\n");
        }
        s.append("fi\n");

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

    private static Duration until(Instant end) {
        Duration left = Duration.between(Instant.now(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
