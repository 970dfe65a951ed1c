// A long-lived MCP client session for the soak, load and fault runs: the official TypeScript SDK client
// drives one MCP server over stdio and makes many tool calls at once, each with its own deadline.
// Line protocol (JSON, one object per line):
//   stdin, first line: { command, args?, env?, stderrFile? }    (the server's stderr goes to stderrFile)
//   stdout:            { event: "ready", pid, serverInfo, tools: [names] }
//   stdin, then:       { id, name, arguments, timeoutMs, progress? } -> { id, ok: true, result, ms, progress? }
//                                                               |  { id, ok: false, error: {message, code}, ms, progress? }
//                      { id, op: "cancel", call }                (aborts call `call`: the SDK sends notifications/cancelled)
//                      { id, op: "close" }                       -> { id, ok: true, exitCode }  (then exits)
// A call that hits timeoutMs ends with error code -32001 (the SDK's RequestTimeout) and the SDK sends
// notifications/cancelled to the server.
// Resolved through NODE_PATH (CommonJS), pointing at the cached @modelcontextprotocol/sdk.
const fs = require("fs");
const readline = require("readline");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function errorOf(e) {
  return { message: String(e && e.message ? e.message : e), code: e && e.code };
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const config = JSON.parse(first.value);
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    // bash started under the server must not source ~/.bashrc (its stdin is a socket: with SHLVL unset it would, even non-interactively)
    env: { ...(config.env ?? {}), SHLVL: "1" },
    stderr: "pipe",
  });
  const stderrSink = config.stderrFile ? fs.createWriteStream(config.stderrFile) : null;
  transport.stderr.on("data", (c) => stderrSink && stderrSink.write(c));
  const client = new Client({ name: "exemux-soak", version: "1.0.0" });
  client.onerror = (e) => process.stderr.write("client error: " + errorOf(e).message + "\n");
  await client.connect(transport);
  const child = transport._process;
  let exitCode = null;
  child.on("exit", (code) => { exitCode = code; });
  const tools = (await client.listTools()).tools.map((t) => t.name);
  emit({ event: "ready", pid: child.pid, serverInfo: client.getServerVersion(), tools });
  const calls = new Map();

  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const request = JSON.parse(next.value);
    if (request.op === "close") {
      await client.close();
      if (exitCode === null && child.exitCode === null) {
        await new Promise((r) => child.once("exit", (code) => { exitCode = code; r(); }));
      }
      if (stderrSink) await new Promise((r) => stderrSink.end(r));
      emit({ id: request.id, ok: true, exitCode: exitCode ?? child.exitCode });
      break;
    }
    if (request.op === "cancel") {
      const controller = calls.get(request.call);
      if (controller) controller.abort("cancelled by the test");
      continue;
    }
    const started = Date.now();
    const controller = new AbortController();
    calls.set(request.id, controller);
    const progress = request.progress ? [] : undefined;
    const options = { timeout: request.timeoutMs ?? 60000, signal: controller.signal };
    if (progress) options.onprogress = (p) => progress.push(p);
    client.callTool({ name: request.name, arguments: request.arguments ?? {} }, undefined, options)
      .then((result) => emit({ id: request.id, ok: true, result, ms: Date.now() - started, progress }))
      .catch((e) => emit({ id: request.id, ok: false, error: errorOf(e), ms: Date.now() - started, progress }))
      .finally(() => calls.delete(request.id));
  }
  process.exit(0);
}

main().catch((e) => {
  emit({ event: "fatal", message: String(e && e.stack ? e.stack : e) });
  process.exit(1);
});
