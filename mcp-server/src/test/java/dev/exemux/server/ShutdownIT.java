package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing bin/exemux started on `local` outlives it, whether the client closes stdin or sends SIGTERM. */
class ShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"stdin closed", "SIGTERM"})
    void processesStartedOnLocalDieWithTheServer(String how) throws Exception {
        Path pidFile = Files.createTempFile("exemux-shutdown-", ".pid");
        Path log = Files.createTempFile("exemux-shutdown-", ".log");
        ProcessBuilder pb = new ProcessBuilder(McpClientDriver.launcher().toString())
                .redirectError(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EXEMUX_"));
        pb.environment().put("EXEMUX_LOG_LEVEL", "debug");
        pb.environment().put("SHLVL", "1");
        Process server = pb.start();
        OutputStream in = server.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"shutdown-test\",\"version\":\"1\"}}}");
        assertEquals(1, JSON.readTree(out.readLine()).path("id").asInt());
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"exec_command\",\"arguments\":"
                + "{\"exe_id\":\"local\",\"command\":\"echo $$ > " + pidFile + "; exec sleep 300\",\"yield_ms\":500}}}");
        JsonNode started = JSON.readTree(out.readLine()).path("result").path("structuredContent");
        assertEquals("running", started.path("state").asText(), started.toString());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the command runs");

        if (how.equals("SIGTERM")) {
            server.destroy(); // SIGTERM
        } else {
            in.close();
        }
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "exemux exits");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean survived = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (survived) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTrue(!survived, () -> "the command died with the server (" + how + "); exemux's log:\n" + read(log));
        Files.deleteIfExists(log);
        Files.deleteIfExists(pidFile);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
