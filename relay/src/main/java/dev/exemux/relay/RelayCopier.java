package dev.exemux.relay;

import dev.exemux.executor.DeadlineExceededException;
import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one file over the relay: the source executor PUTs it and the destination executor GETs it
 * into {@code dstPath}, in parallel, each with the {@link TransferScripts} script for its side. When one side
 * fails the other is terminated.
 *
 * <p>Every process started on an executor costs round trips through the gateway (and a delayed ACK where
 * it delays them, unless the bridge's AckClock hurries it), so each side runs one: looking for curl, the
 * transfer, the checksum of what was sent or received and, for a directory, unpacking it are one script.
 * What the script reports comes after a random mark per transfer, which the relay never sees: a relay's
 * answer body cannot pass for it.
 */
final class RelayCopier {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCopier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    /** An executor found without curl is not sent a ticket again for this long. */
    private static final Duration NO_CURL_KNOWN_FOR = Duration.ofMinutes(5);

    private static final int CURL_TIMED_OUT = 28;

    private final RelayClient relay;
    private final TransferUrlGuard guard;
    private final TransferScripts scripts;

    RelayCopier(RelayClient relay) {
        this.relay = relay;
        this.guard = relay == null || !relay.isOn() ? null
                : new TransferUrlGuard(relay.settings().url(), relay.settings().transferHosts());
        this.scripts = guard == null ? null : new TransferScripts(guard);
    }

    /** Why the relay cannot be used at all, before touching any executor; null when it can be tried. */
    String offReason() {
        if (relay == null) {
            return "relay is off: no relay configured";
        }
        return relay.describeOff();
    }

    /**
     * Transfers {@code size} bytes of {@code srcPath} into {@code dstPath}, and unpacks them (a tar archive)
     * into the new directory {@code unpackInto} unless that is null. The source's checksum is computed by the
     * upload itself when this copy can claim it from {@code digests}.
     *
     * @return {@link RelayOutcome.Arrived} with what the destination received (the caller compares it with
     *     the source: the GET side cannot tell a whole body from a cut one), or {@link RelayOutcome.Unusable}
     *     saying why the relay cannot carry it
     * @throws RuntimeException when the copy cannot go on at all (deadline, cancellation, executor failure)
     */
    RelayOutcome transfer(Executor src, String srcPath, long size, Executor dst, String dstPath, String unpackInto,
            SourceDigests digests, Deadline deadline, CopyProgress progress) {
        String off = offReason();
        if (off != null) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.OFF, off);
        }
        RelayOutcome.Unusable noCurl = knownWithoutCurl(src, "upload");
        if (noCurl == null) {
            noCurl = knownWithoutCurl(dst, "download");
        }
        if (noCurl != null) {
            return noCurl;
        }
        long t0 = System.nanoTime();
        Ticket ticket;
        try {
            ticket = relay.mint(src.id(), dst.id(), deadline.remaining().plusSeconds(1), size, deadline.remaining());
        } catch (RelayException e) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.REFUSED, "relay ticket refused: " + e.getMessage());
        }
        LOG.debug("ticket minted in {} ms", (System.nanoTime() - t0) / 1_000_000);
        String unsafe = unsafe(ticket);
        if (unsafe != null) {
            LOG.warn("relay ticket not used: {}", unsafe);
            return new RelayOutcome.Unusable(RelayOutcome.Why.UNSAFE_URL, unsafe);
        }
        // curl's own limit is a backstop a little past the deadline (should exemux itself go away): normally the
        // deadline is noticed here first and both curls are terminated.
        long seconds = deadline.remaining().toSeconds() + 2;
        String mark = TransferScripts.newMark();
        CompletableFuture<String> claim = digests.claim(src, srcPath, size);
        String sourceSha = null;
        String done = TransferScripts.doneLine(mark);
        CompletableFuture<ProcessRunner.Started> getting = ProcessRunner.start(dst,
                scripts.download(ticket, dstPath, seconds, mark, unpackInto), done);
        CompletableFuture<ProcessRunner.Started> putting = ProcessRunner.start(src,
                scripts.upload(ticket, srcPath, seconds, mark, claim != null), done);
        Stops stops = new Stops();
        try {
            ProcessRunner.Started get = deadline.await(getting, dst.id(), "starting curl (download)");
            ProcessRunner.Started put = deadline.await(putting, src.id(), "starting curl (upload)");
            LOG.debug("ticket minted and both curls started {} ms after the start", (System.nanoTime() - t0) / 1_000_000);
            waitBoth(put, get, src, dst, dstPath, size, deadline, progress, stops);
            LOG.debug("both transfer scripts ended {} ms after the start", (System.nanoTime() - t0) / 1_000_000);
            if (timedOut(put) || timedOut(get)) {
                throw new DeadlineExceededException(dst.id(), "relay transfer to '" + dst.id()
                        + "' did not finish before the deadline.");
            }
            TransferScripts.Report upload = TransferScripts.Report.of(put.result().join(), mark);
            TransferScripts.Report download = TransferScripts.Report.of(get.result().join(), mark);
            sourceSha = upload.sha256;
            RelayOutcome.Unusable unusable = checkUpload(src, upload);
            if (unusable == null) {
                unusable = checkDownload(dst, download);
            }
            if (unusable != null) {
                return new RelayOutcome.Unusable(unusable.why(), unusable.reason().replace(ticket.value(), "<ticket>"));
            }
            if (download.unpackFailed) {
                throw new CopyException("unpacking the copied archive into " + unpackInto + " failed on '" + dst.id()
                        + "': " + clip(download.result.stderr()) + "; nothing was left at dst_path.");
            }
            return new RelayOutcome.Arrived(download.bytes, download.sha256);
        } finally {
            digests.settle(src, srcPath, size, claim, sourceSha);
            stops.onceStarted(putting);
            stops.onceStarted(getting);
        }
    }

    /** Why the ticket must not reach an executor, or null; never names the ticket. */
    private String unsafe(Ticket ticket) {
        if (!TransferScripts.fitsConfig(ticket)) {
            return "the relay's ticket or URL contains characters curl's config cannot carry";
        }
        String problem = guard.problem(ticket.uploadUrl(), "upload");
        if (problem == null) {
            problem = guard.problem(ticket.downloadUrl(), "download");
        }
        return problem == null ? null : problem.replace(ticket.value(), "<ticket>") + "; the ticket was not used";
    }

    /**
     * Executors whose transfer script found no curl, and when. There is no separate look for curl (it would
     * be one more process, and one more round trip, on every first copy): an executor without it costs one
     * unused ticket, and is then not sent another for a while.
     */
    private final Map<String, Long> noCurlSeenAt = new ConcurrentHashMap<>();

    private RelayOutcome.Unusable knownWithoutCurl(Executor ex, String direction) {
        Long seen = noCurlSeenAt.get(ex.id());
        if (seen != null && System.nanoTime() - seen < NO_CURL_KNOWN_FOR.toNanos()) {
            return withoutCurl(ex, direction);
        }
        return null;
    }

    /** {@code ex}'s transfer script found no curl: remembered, and the reason to stream. */
    private RelayOutcome.Unusable noCurl(Executor ex, String direction) {
        noCurlSeenAt.put(ex.id(), System.nanoTime());
        return withoutCurl(ex, direction);
    }

    private static RelayOutcome.Unusable withoutCurl(Executor ex, String direction) {
        return new RelayOutcome.Unusable(RelayOutcome.Why.NO_CURL, "'" + ex.id() + "' has no curl to " + direction + " with");
    }


    /**
     * Waits for both curls; the first to fail stops the other. Reports progress from the file's growth. A side
     * that fails leaves the other one asked to stop once: if that gives no sign of an end (its executor lost the
     * process, or does not answer), the copy ends there rather than wait for it until the deadline.
     */
    private static void waitBoth(ProcessRunner.Started put, ProcessRunner.Started get, Executor src, Executor dst,
            String dstPath, long size, Deadline deadline, CopyProgress progress, Stops stops) {
        CompletableFuture<Void> both = CompletableFuture.allOf(put.result(), get.result());
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (!both.isDone()) {
            if (deadline.passed()) {
                throw new DeadlineExceededException(dst.id(), "relay transfer to '" + dst.id() + "' did not finish before the deadline.");
            }
            if (failedEarly(put) || failedEarly(get)) {
                stops.stop(put);
                stops.stop(get);
                if (!both.isDone()) {
                    throw otherSideUnconfirmed(put, get, src, dst);
                }
            }
            if (System.nanoTime() > nextProgress) {
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                // No size where the release reports none: then no progress, rather than a process a second.
                dst.statTarget(dstPath).thenAccept(m -> {
                    if (m.size() >= 0) {
                        progress.update(Math.min(size, m.size()), size, "relay");
                    }
                });
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

    private static CopyException otherSideUnconfirmed(ProcessRunner.Started put, ProcessRunner.Started get, Executor src,
            Executor dst) {
        boolean uploadFailed = failedEarly(put);
        ProcessRunner.Result failed = (uploadFailed ? put : get).result().join();
        Executor other = uploadFailed ? dst : src;
        return new CopyException("relay transfer from '" + src.id() + "' to '" + dst.id() + "' failed: the "
                + (uploadFailed ? "upload on '" + src.id() : "download on '" + dst.id()) + "' ended ("
                + describe(failed, "", "") + "), and the " + (uploadFailed ? "download" : "upload") + " on '" + other.id()
                + "' did not confirm that it stopped (its curl may run there until the ticket expires); retry the copy.");
    }

    /** curl's own --max-time (set to the copy's time left) ran out: exit 28. */
    private static boolean timedOut(ProcessRunner.Started p) {
        return p.result().join().exitCode() == CURL_TIMED_OUT;
    }

    private static boolean failedEarly(ProcessRunner.Started p) {
        return p.result().isDone() && !p.result().join().succeeded();
    }

    /** Null when the upload ended 200, else why it is unusable. */
    private RelayOutcome.Unusable checkUpload(Executor src, TransferScripts.Report upload) {
        if (upload.result.exitCode() == RemoteCommands.NOT_FOUND) {
            return noCurl(src, "upload");
        }
        if (!upload.result.succeeded() || !"200".equals(upload.status)) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.BROKEN, "relay upload from '" + src.id() + "' broke ("
                    + describe(upload.result, upload.status, upload.body) + redirectNote(upload.status) + ")");
        }
        return null;
    }

    /** Null when the download ended 200, else why it is unusable. */
    private RelayOutcome.Unusable checkDownload(Executor dst, TransferScripts.Report download) {
        if (download.result.exitCode() == RemoteCommands.NOT_FOUND) {
            return noCurl(dst, "download");
        }
        if (!"200".equals(download.status) || !download.result.succeeded() && !download.unpackFailed) {
            return new RelayOutcome.Unusable(RelayOutcome.Why.BROKEN, "relay download to '" + dst.id() + "' broke ("
                    + describe(download.result, download.status, "") + redirectNote(download.status) + ")");
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


    /**
     * Stops a transfer's processes, each at most once: a side that gave no sign of an end when asked is not
     * waited on again (on the way out of a failed transfer, that would double the time its failure takes).
     */
    private static final class Stops {

        private final Set<ProcessRunner.Started> asked = ConcurrentHashMap.newKeySet();

        /** Stops a process whether it has started yet or not (it may start after its caller gave up). */
        void onceStarted(CompletableFuture<ProcessRunner.Started> starting) {
            if (starting.isDone()) {
                if (!starting.isCompletedExceptionally()) {
                    stop(starting.join());
                }
            } else {
                starting.thenAcceptAsync(this::stop);
            }
        }

        /** Terminates a process and waits (briefly) for its end, even when the copy was interrupted. */
        void stop(ProcessRunner.Started p) {
            if (p == null || p.result().isDone() || !asked.add(p)) {
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
}
