package dev.exemux.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exemux.executor.Await;
import dev.exemux.executor.DirectoryEntry;
import dev.exemux.executor.FileMetadata;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An old release on an executor whose find has no -printf (busybox): the metadata helper says so once,
 * and from then on the protocol's own answers stand, without a process per stat or listing.
 */
class MetadataWithoutFindTest {

    @Test
    void theHelperIsTriedOnceThenTheProtocolAnswers() {
        AtomicInteger started = new AtomicInteger();
        try (FakePeer peer = FakePeer.start()) {
            peer.on("fs/getMetadata", (params, ws) -> FakePeer.JSON.readTree(
                    "{\"isDirectory\":false,\"isFile\":true,\"createdAtMs\":0,\"modifiedAtMs\":5}"));
            peer.on("fs/readDirectory", (params, ws) -> FakePeer.JSON.readTree(
                    "{\"entries\":[{\"fileName\":\"a\",\"isDirectory\":false,\"isFile\":true}]}"));
            peer.on("process/start", (params, ws) -> {
                started.incrementAndGet();
                String id = params.path("processId").asText();
                ws.send("{\"method\":\"process/exited\",\"params\":{\"processId\":\"" + id + "\",\"seq\":1,\"exitCode\":"
                        + FindRecords.UNSUPPORTED + "}}");
                ws.send("{\"method\":\"process/closed\",\"params\":{\"processId\":\"" + id + "\",\"seq\":2}}");
                return FakePeer.JSON.createObjectNode().put("processId", id);
            });
            try (ExecutorPool pool = new ExecutorPool(BridgeSettings.of(null, null, Map.of("exe", URI.create(peer.url()))))) {
                RemoteExecutor exe = (RemoteExecutor) pool.resolve("exe");
                FileMetadata first = Await.result(exe.stat("/x"), Duration.ofSeconds(10), "exe", "stat");
                assertEquals(new FileMetadata(false, true, false, -1, 5), first, "the protocol's answer");
                assertEquals(1, started.get(), "the helper was tried");
                for (int i = 0; i < 5; i++) {
                    Await.result(exe.stat("/x" + i), Duration.ofSeconds(10), "exe", "stat");
                }
                List<DirectoryEntry> listed = Await.result(exe.listDirectory("/d"), Duration.ofSeconds(10), "exe", "list");
                assertEquals(List.of("a"), listed.stream().map(DirectoryEntry::name).toList());
                assertNull(listed.get(0).metadata(), "callers stat entries themselves");
                assertEquals(1, started.get(), "no helper process after it said find lacks -printf");
                assertTrue(exe.processesStarted() >= 1);
            }
        }
    }
}
