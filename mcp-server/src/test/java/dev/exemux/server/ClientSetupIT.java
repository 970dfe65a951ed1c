package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client set-up snippets in the README (Claude Code's {@code claude mcp add}, Codex's
 * {@code config.toml}, the {@code mcp.json} form), each parsed from the README as a user would copy it:
 * the command it names is started (with {@code /home/you} standing for a home whose ~/.local/bin/exemux
 * is the exemux under test) with the environment it gives, and a real MCP client sees it applied.
 */
class ClientSetupIT {

    /** Where the README installs exemux, under the home directory it tells the reader to replace. */
    private static final String DOCUMENTED = "/home/you/.local/bin/exemux";
    private static final String README_HOME = "/home/you";

    @TempDir
    Path home;

    record Setup(String client, String command, Map<String, String> env) {}

    @Test
    void everySnippetStartsExemuxWithItsEnvironment() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Use it from an MCP client"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        List<Setup> setups = List.of(claudeCode(block(section, "sh")), codex(block(section, "toml")), mcpJson(block(section, "json")));
        // The reader's home: its ~/.local/bin/exemux is the exemux under test.
        Path installed = home.resolve(".local/bin/exemux");
        Files.createDirectories(installed.getParent());
        Files.createSymbolicLink(installed, McpClientDriver.launcher());
        for (Setup setup : setups) {
            assertEquals(DOCUMENTED, setup.command(), setup.client() + " names the installed exemux");
            assertEquals(Map.of("EXEMUX_EXECUTORS", "build=ws://127.0.0.1:4100,test=ws://127.0.0.1:4101", "EXEMUX_LOG_LEVEL", "warn"),
                    setup.env(), setup.client() + " passes the environment");
            Path command = Path.of(setup.command().replace(README_HOME, home.toString()));
            McpClientDriver driver = new McpClientDriver().command(command).listTools()
                    .call("stat_path", McpClientDriver.args("exe_id", "local", "path", "/"));
            setup.env().forEach(driver::env);
            McpClientDriver.Report r = driver.run();
            assertTrue(r.result(0).path("tools").size() >= 15, setup.client() + ": " + r.json());
            // With executors configured, the embedded `local` is off: the answer lists the configured ones.
            JsonNode refused = r.result(1);
            assertTrue(refused.path("isError").asBoolean(), refused.toString());
            String text = McpClientDriver.Report.text(refused);
            assertTrue(text.contains("build") && text.contains("test"), setup.client() + " configured the executors: " + text);
            r.assertStdoutIsOnlyJsonRpc();
        }
    }

    private static String block(String section, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(m.find(), "the README has a " + language + " snippet");
        return m.group(1).strip();
    }

    /** {@code claude mcp add <name> -e K=V ... -- <command> [args]}. */
    static Setup claudeCode(String line) {
        List<String> words = Arrays.asList(line.split("\\s+"));
        assertEquals(List.of("claude", "mcp", "add", "exemux"), words.subList(0, 4), line);
        Map<String, String> env = new LinkedHashMap<>();
        int dashes = words.indexOf("--");
        for (int i = 4; i < dashes; i++) {
            assertEquals("-e", words.get(i), line);
            String[] kv = words.get(++i).split("=", 2);
            env.put(kv[0], kv[1]);
        }
        return new Setup("Claude Code", words.get(dashes + 1), env);
    }

    /** {@code [mcp_servers.exemux]} with {@code command = "..."} and an inline {@code env} table. */
    static Setup codex(String toml) {
        assertTrue(toml.startsWith("[mcp_servers.exemux]"), toml);
        Matcher command = Pattern.compile("(?m)^command\\s*=\\s*\"([^\"]*)\"").matcher(toml);
        assertTrue(command.find(), toml);
        Matcher table = Pattern.compile("(?m)^env\\s*=\\s*\\{(.*)}\\s*$").matcher(toml);
        assertTrue(table.find(), toml);
        Map<String, String> env = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("([A-Z_]+)\\s*=\\s*\"([^\"]*)\"").matcher(table.group(1));
        while (entry.find()) {
            env.put(entry.group(1), entry.group(2));
        }
        return new Setup("Codex", command.group(1), env);
    }

    /** {@code {"mcpServers": {"exemux": {"command": ..., "env": {...}}}}}. */
    static Setup mcpJson(String json) throws Exception {
        JsonNode server = McpClientDriver.JSON.readTree(json).path("mcpServers").path("exemux");
        Map<String, String> env = new LinkedHashMap<>();
        server.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        List<String> args = new ArrayList<>();
        server.path("args").forEach(a -> args.add(a.asText()));
        assertTrue(args.isEmpty(), "no arguments: " + args);
        return new Setup("mcp.json", server.path("command").asText(), env);
    }
}
