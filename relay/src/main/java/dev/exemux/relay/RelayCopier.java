package dev.exemux.relay;

import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessRunner;
import dev.exemux.executor.ProcessSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one file over the relay: the source executor PUTs it and the destination executor GETs it
 * into {@code dstPath}, in parallel, each with {@code curl} started on that executor. The ticket and its
 * URLs reach curl only through the process environment and a config read from stdin (a here-document),
 * so they never appear in any argv. When one side fails the other is terminated.
 */
final class RelayCopier {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCopier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final Duration CURL_KNOWN_FOR = Duration.ofMinutes(5);

    private static final int CURL_TIMED_OUT = 28;

    static final String TICKET_VAR = "EXEMUX_RELAY_TICKET";
    static final String URL_VAR = "EXEMUX_RELAY_TRANSFER_URL";

    /** curl's config (url + header) comes from stdin, built by the shell from the environment. */
    private static final String CONFIG_FROM_ENV = " -K - <<EOF\n"
            + "url = \"$" + URL_VAR + "\"\n"
            + "header = \"Authorization: Bearer $" + TICKET_VAR + "\"\n"
            + "EOF\n";
    // $1 file, $2 max seconds, then curl's guard options ("$@": protocols, no redirects). exec: terminating the
    // process must stop curl itself, not only a shell. Both print the HTTP status last, so that an answer other
    // than 200 (a redirect curl did not follow) is seen.
    private static final String PUT_SCRIPT = "f=$1; t=$2; shift 2; exec curl -sS -T \"$f\" -X PUT -H 'Expect:' --max-time \"$t\""
            + " \"$@\" -w '\\n%{http_code}'" + CONFIG_FROM_ENV;
    private static final String GET_SCRIPT = "f=$1; t=$2; shift 2; exec curl -sS -f -o \"$f\" --max-time \"$t\""
            + " \"$@\" -w '%{http_code}'" + CONFIG_FROM_ENV;

    private final RelayClient relay;
    private final TransferUrlGuard guard;

    RelayCopier(RelayClient relay) {
        this.relay = relay;
        this.guard = relay == null || !relay.isOn() ? null
                : new TransferUrlGuard(relay.settings().url(), relay.settings().transferHosts());
    }

    /** Why the relay cannot be used at all, before touching any executor; null when it can be tried. */
    String offReason() {
        if (relay == null) {
            return "relay is off: no relay configured";
        }
        return relay.describeOff();
    }

    /**
     * Transfers {@code size} bytes of {@code srcPath} into {@code dstPath}.
     *
     * @return {@link RelayOutcome.Done} with the byte count the relay reported for the upload (the caller
     *     checks the file against the source: the GET side cannot tell a whole body from a cut one, so the
     *     Done's checksum is null), or {@link RelayOutcome.Unusable} saying why the relay cannot carry it
     * @throws RuntimeException when the copy cannot go on at all (deadline, cancellation, executor failure)
     */
    RelayOutcome transfer(Executor src, String srcPath, long size, Executor dst, String dstPath, Deadline deadline,
            CopyProgress progress) {
        String off = offReason();
        if (off != null) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.OFF, off);
        }
        long t0 = System.nanoTime();
        RelayOutcome.Unusable noCurl = requireCurl(src, dst, deadline);
        if (noCurl != null) {
            return noCurl;
        }
        LOG.debug("curl found on both sides in {} ms", (System.nanoTime() - t0) / 1_000_000);
        Ticket ticket;
        try {
            ticket = relay.mint(src.id(), dst.id(), deadline.remaining().plusSeconds(1), size, deadline.remaining());
        } catch (RelayException e) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.REFUSED, "relay ticket refused: " + e.getMessage());
        }
        String unsafe = unsafe(ticket);
        if (unsafe != null) {
            LOG.warn("relay ticket not used: {}", unsafe);
            return new RelayOutcome.Unusable(RelayOutcome.Why.UNSAFE_URL, unsafe);
        }
        // curl's own limit is a backstop a little past the deadline (should exemux itself go away): normally the
        // deadline is noticed here first and both curls are terminated.
        String seconds = Long.toString(deadline.remaining().toSeconds() + 2);
        ProcessRunner.Started get = null;
        ProcessRunner.Started put = null;
        try {
            get = deadline.await(ProcessRunner.start(dst, spec(GET_SCRIPT, ticket.value(), ticket.downloadUrl().toString(),
                    dstPath, seconds)), dst.id(), "starting curl (download)");
            put = deadline.await(ProcessRunner.start(src, spec(PUT_SCRIPT, ticket.value(), ticket.uploadUrl().toString(),
                    srcPath, seconds)), src.id(), "starting curl (upload)");
            LOG.debug("ticket minted and both curls started {} ms after the start", (System.nanoTime() - t0) / 1_000_000);
            waitBoth(put, get, dst, dstPath, size, deadline, progress);
            LOG.debug("both curls ended {} ms after the start", (System.nanoTime() - t0) / 1_000_000);
            if (timedOut(put) || timedOut(get)) {
                throw new DeadlineExceededException(dst.id(), "relay transfer to '" + dst.id()
                        + "' did not finish before the deadline.");
            }
            RelayOutcome outcome = checkUpload(src, put.result().join());
            if (outcome instanceof RelayOutcome.Done) {
                RelayOutcome.Unusable download = checkDownload(dst, get.result().join());
                outcome = download != null ? download : outcome;
            }
            if (outcome instanceof RelayOutcome.Unusable u) {
                if (u.why() == RelayOutcome.Why.NO_CURL) {
                    forgetCurl(src);
                    forgetCurl(dst);
                }
                return new RelayOutcome.Unusable(u.why(), u.reason().replace(ticket.value(), "<ticket>"));
            }
            return outcome;
        } finally {
            stop(put);
            stop(get);
        }
    }

    /** Why the ticket must not reach an executor, or null; never names the ticket. */
    private String unsafe(Ticket ticket) {
        if (!safeForConfig(ticket)) {
            return "the relay's ticket or URL contains characters curl's config cannot carry";
        }
        String problem = guard.problem(ticket.uploadUrl(), "upload");
        if (problem == null) {
            problem = guard.problem(ticket.downloadUrl(), "download");
        }
        return problem == null ? null : problem.replace(ticket.value(), "<ticket>") + "; the ticket was not used";
    }

    /**
     * Executors found to have curl, and when: a copy of many files asks once. If curl vanished meanwhile
     * the transfer exits 127 and the copy falls back all the same.
     */
    private final Map<String, Long> curlSeenAt = new ConcurrentHashMap<>();

    private boolean hasCurl(Executor ex, Deadline deadline) {
        Long seen = curlSeenAt.get(ex.id());
        if (seen != null && System.nanoTime() - seen < CURL_KNOWN_FOR.toNanos()) {
            return true;
        }
        boolean has = RemoteCommands.hasCommand(ex, "curl", deadline);
        if (has) {
            curlSeenAt.put(ex.id(), System.nanoTime());
        }
        return has;
    }

    private void forgetCurl(Executor ex) {
        curlSeenAt.remove(ex.id());
    }

    /** Null when both executors have curl, else which one has not. */
    private RelayOutcome.Unusable requireCurl(Executor src, Executor dst, Deadline deadline) {
        CompletableFuture<Boolean> srcHas = CompletableFuture.supplyAsync(() -> hasCurl(src, deadline));
        boolean dstHas = hasCurl(dst, deadline);
        boolean srcOk = deadline.await(srcHas, src.id(), "looking for curl");
        if (!srcOk) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.NO_CURL, "'" + src.id() + "' has no curl to upload with");
        }
        if (!dstHas) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.NO_CURL, "'" + dst.id() + "' has no curl to download with");
        }
        return null;
    }

    private ProcessSpec spec(String script, String ticket, String url, String path, String seconds) {
        List<String> args = new ArrayList<>(List.of(path, seconds));
        args.addAll(guard.curlOptions());
        return RemoteCommands.sh(script, Map.of(TICKET_VAR, ticket, URL_VAR, url), args.toArray(String[]::new));
    }

    /** Waits for both curls; the first to fail stops the other. Reports progress from the file's growth. */
    private static void waitBoth(ProcessRunner.Started put, ProcessRunner.Started get, Executor dst, String dstPath,
            long size, Deadline deadline, CopyProgress progress) {
        CompletableFuture<Void> both = CompletableFuture.allOf(put.result(), get.result());
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (!both.isDone()) {
            if (deadline.passed()) {
                throw new DeadlineExceededException(dst.id(), "relay transfer to '" + dst.id() + "' did not finish before the deadline.");
            }
            if (failedEarly(put) || failedEarly(get)) {
                stop(put);
                stop(get);
            }
            if (System.nanoTime() > nextProgress) {
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                dst.stat(dstPath).thenAccept(m -> progress.update(Math.min(size, Math.max(0, m.size())), size, "relay"));
            }
            try {
                both.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("relay transfer was cancelled");
            } catch (java.util.concurrent.ExecutionException e) {
                throw dev.exemux.executor.Await.unwrap(e.getCause());
            }
        }
        progress.update(size, size, "relay");
    }

    /** curl's own --max-time (set to the copy's time left) ran out: exit 28. */
    private static boolean timedOut(ProcessRunner.Started p) {
        return p.result().join().exitCode() == CURL_TIMED_OUT;
    }

    private static boolean failedEarly(ProcessRunner.Started p) {
        return p.result().isDone() && !p.result().join().succeeded();
    }

    /** The upload's HTTP status and the relay's own byte count, from curl's output (body, then status). */
    private static RelayOutcome checkUpload(Executor src, ProcessRunner.Result r) {
        if (r.exitCode() == RemoteCommands.NOT_FOUND) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.NO_CURL, "'" + src.id() + "' could not run curl to upload");
        }
        String out = r.stdout().strip();
        int nl = out.lastIndexOf('\n');
        String status = nl < 0 ? out : out.substring(nl + 1).strip();
        String body = nl < 0 ? "" : out.substring(0, nl);
        if (!r.succeeded() || !"200".equals(status)) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.BROKEN, "relay upload from '" + src.id() + "' broke ("
                    + describe(r, status, body) + redirectNote(status) + ")");
        }
        long bytes;
        try {
            bytes = JSON.readTree(body).path("bytes").asLong(-1);
        } catch (IOException e) {
            bytes = -1;
        }
        return new RelayOutcome.Done(bytes, null);
    }

    /** Null when the download ended 200, else why it is unusable. */
    private static RelayOutcome.Unusable checkDownload(Executor dst, ProcessRunner.Result r) {
        if (r.exitCode() == RemoteCommands.NOT_FOUND) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.NO_CURL, "'" + dst.id() + "' could not run curl to download");
        }
        String status = r.stdout().strip();
        if (!r.succeeded() || !"200".equals(status)) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.BROKEN, "relay download to '" + dst.id() + "' broke ("
                    + describe(r, status, "") + redirectNote(status) + ")");
        }
        return null;
    }

    private static String redirectNote(String status) {
        return status.startsWith("3") ? "; redirects are not followed" : "";
    }

    private static String describe(ProcessRunner.Result r, String httpStatus, String body) {
        StringBuilder sb = new StringBuilder();
        if (r.failure() != null) {
            sb.append(r.failure());
        } else if (r.exitCode() != 0) {
            sb.append("curl exit ").append(r.exitCode());
        }
        if (!httpStatus.isEmpty() && !"000".equals(httpStatus)) {
            sb.append(sb.length() > 0 ? ", " : "").append("HTTP ").append(httpStatus);
        }
        String detail = errorOf(body);
        if (detail == null && !r.stderr().isBlank()) {
            detail = r.stderr().strip();
        }
        if (detail != null) {
            sb.append(sb.length() > 0 ? ": " : "").append(clip(detail));
        }
        return sb.toString();
    }

    private static String errorOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull("error") ? node.get("error").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Curl's messages can quote the URL, which holds the ticket: keep only the part before it. */
    private static String clip(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        int url = oneLine.indexOf("://");
        if (url >= 0) {
            oneLine = oneLine.substring(0, Math.max(0, oneLine.lastIndexOf(' ', url))) + " <url>";
        }
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private static boolean safeForConfig(Ticket t) {
        for (String s : List.of(t.value(), t.uploadUrl().toString(), t.downloadUrl().toString())) {
            if (s.chars().anyMatch(c -> c == '"' || c == '\\' || c == '$' || c == '`' || c < 0x20)) {
                return false;
            }
        }
        return true;
    }

    /** Terminates a transfer process and waits (briefly) for its end, even when the copy was interrupted. */
    private static void stop(ProcessRunner.Started p) {
        if (p == null || p.result().isDone()) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            p.handle().terminate().get(5, TimeUnit.SECONDS);
            p.result().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not confirm that a relay curl on '{}' stopped: {}", p.handle().id(), e.getClass().getSimpleName());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
