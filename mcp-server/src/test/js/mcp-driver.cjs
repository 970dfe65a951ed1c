// Drives an MCP server over stdio with an official TypeScript MCP client, for the end-to-end tests.
// Reads a scenario (JSON) on stdin, prints one JSON report on stdout:
//   scenario: { command, args?, env?, client?, mode?, steps: [step...] }
//     client: "sdk" (default: @modelcontextprotocol/sdk, the 2025 era) or "client" (@modelcontextprotocol/client
//     2.x, with mode "legacy" (its default), "auto" (probes server/discover) or a pinned version, e.g. "2026-07-28")
//   step:     { op: "listTools" }
//           | { op: "call", name, arguments, timeoutMs?, progress?, cancelAfterMs?, lastSession? }
//             (lastSession: arguments.session_id = the session_id of the latest result that had one)
//           | { op: "raw", line }                 (written as is to the server's stdin)
//           | { op: "sleep", ms }
//   report:   { serverInfo, era, steps: [{ op, ok, result?, error?, progress? }], stdout, stderr, exitCode, clientErrors }
// `stdout` is every byte the server wrote to stdout (the test checks each line is JSON-RPC).
// Resolved through NODE_PATH (CommonJS), pointing at the cached @modelcontextprotocol/sdk.

/** The client library and the options that select its protocol era. */
function clientFor(scenario) {
  if ((scenario.client ?? "sdk") === "sdk") {
    const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
    const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
    return { Client, StdioClientTransport, options: undefined };
  }
  const { Client } = require("@modelcontextprotocol/client");
  const { StdioClientTransport } = require("@modelcontextprotocol/client/stdio");
  const mode = scenario.mode ?? "legacy";
  const negotiation = mode === "legacy" || mode === "auto" ? { mode } : { mode: { pin: mode } };
  return { Client, StdioClientTransport, options: { versionNegotiation: negotiation } };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function main() {
  const scenario = await readStdin();
  const { Client, StdioClientTransport, options: clientOptions } = clientFor(scenario);
  const transport = new StdioClientTransport({
    command: scenario.command,
    args: scenario.args ?? [],
    // bash started under the server must not source ~/.bashrc (its stdin is a socket: with SHLVL unset it would, even non-interactively)
    env: { ...(scenario.env ?? {}), SHLVL: "1" },
    stderr: "pipe",
  });
  const stdout = [];
  const stderr = [];
  const clientErrors = [];
  transport.stderr.on("data", (c) => stderr.push(c));
  const client = new Client({ name: "exemux-e2e", version: "1.0.0" }, clientOptions);
  client.onerror = (e) => clientErrors.push(String(e && e.message ? e.message : e));
  await client.connect(transport);
  // The client checks each result's structuredContent against the tool's outputSchema once it has
  // listed the tools: list them first so every call in the scenario is checked.
  await client.listTools();
  // A second listener on the child's stdout sees exactly the bytes the SDK parses.
  transport._process.stdout.on("data", (c) => stdout.push(c));
  let exitCode = null;
  transport._process.on("exit", (code) => { exitCode = code; });

  const steps = [];
  let lastSession = null;
  for (const step of scenario.steps) {
    const out = { op: step.op };
    try {
      if (step.op === "listTools") {
        out.result = await client.listTools();
      } else if (step.op === "call") {
        const progress = [];
        const controller = new AbortController();
        const options = { timeout: step.timeoutMs ?? 60000, signal: controller.signal };
        if (step.progress) options.onprogress = (p) => progress.push(p);
        if (step.cancelAfterMs) setTimeout(() => controller.abort("cancelled by the test"), step.cancelAfterMs);
        const args = { ...(step.arguments ?? {}) };
        if (step.lastSession) args.session_id = lastSession;
        try {
          out.result = (scenario.client ?? "sdk") === "sdk"
            ? await client.callTool({ name: step.name, arguments: args }, undefined, options)
            : await client.callTool({ name: step.name, arguments: args }, options);
          const session = out.result?.structuredContent?.session_id;
          if (session) lastSession = session;
        } finally {
          if (step.progress) out.progress = progress;
        }
      } else if (step.op === "raw") {
        transport._process.stdin.write(step.line + "\n");
        out.result = {};
      } else if (step.op === "sleep") {
        await new Promise((r) => setTimeout(r, step.ms));
        out.result = {};
      } else {
        throw new Error("unknown op " + step.op);
      }
      out.ok = true;
    } catch (e) {
      out.ok = false;
      out.error = { message: String(e && e.message ? e.message : e), code: e && e.code };
    }
    steps.push(out);
  }
  const serverInfo = client.getServerVersion();
  const era = typeof client.getProtocolEra === "function" ? client.getProtocolEra() : "legacy";
  const child = transport._process;
  await client.close();
  if (exitCode === null && child) {
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", (code) => { exitCode = code; r(); })));
    if (exitCode === null) exitCode = child.exitCode;
  }
  process.stdout.write(JSON.stringify({
    serverInfo,
    era,
    steps,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: Buffer.concat(stderr).toString("utf8"),
    exitCode,
    clientErrors,
  }));
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack ? e.stack : e) }));
  process.exitCode = 1;
});
