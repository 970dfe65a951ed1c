// Drives copy_path as MCP tasks (the io.modelcontextprotocol/tasks extension, 2026-07-28) with the official
// TypeScript client pinned to 2026-07-28 and its tasks package (@modelcontextprotocol/ext-tasks), for the
// end-to-end tests. Reads a scenario (JSON) on stdin, prints one JSON report on stdout:
//   scenario: { command, args?, env?, copies: [{ arguments, cancel? }] }
//     each copy is started with session.callTool("copy_path", arguments); cancel: true cancels it at once
//     (tasks/cancel), otherwise it is settled (polled with tasks/get to its end)
//   report:   { era, discover, copies: [{ kind, taskId?, outcome?, result?, lastTask?, error? }], methods, stdout, stderr }
// `methods` counts the task-extension requests the tasks package sent (tasks/get, tasks/cancel, ...).
// The tasks package needs a raw request path for the 2026-07-28 task wire shapes, which the SDK's codec
// rejects: requests go straight to the transport, and their responses are taken off it before the Client.
// ES modules (the tasks package is one), loaded from the peer cache that NODE_PATH names (ESM ignores
// NODE_PATH itself), so that the client and the tasks package share one copy of the client.
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.NODE_PATH;
const load = (file) => import(pathToFileURL(path.join(modules, file)).href);
const { Client } = await load("@modelcontextprotocol/client/dist/index.mjs");
const { StdioClientTransport } = await load("@modelcontextprotocol/client/dist/stdio.mjs");
const { createTaskSessionFromClient, resultFromTaskOutcome } = await load("@modelcontextprotocol/ext-tasks/dist/client/index.js");

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function main() {
  const scenario = await readStdin();
  const transport = new StdioClientTransport({
    command: scenario.command,
    args: scenario.args ?? [],
    env: { ...(scenario.env ?? {}), SHLVL: "1" },
    stderr: "pipe",
  });
  const stdout = [];
  const stderr = [];
  transport.stderr.on("data", (c) => stderr.push(c));
  const clientInfo = { name: "exemux-e2e-tasks", version: "1.0.0" };
  const client = new Client(clientInfo, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(transport);
  transport._process.stdout.on("data", (c) => stdout.push(c));

  // The raw request path: our own ids, answered before the Client sees the response.
  const pending = new Map();
  const methods = {};
  let next = 0;
  const clientOnMessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (message && message.id !== undefined && pending.has(message.id) && ("result" in message || "error" in message)) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve("error" in message ? { kind: "error", error: message.error } : { kind: "result", result: message.result });
      return;
    }
    clientOnMessage(message, extra);
  };
  const rawDispatch = (request) => new Promise((resolve, reject) => {
    const id = "tasks-" + ++next;
    methods[request.method] = (methods[request.method] ?? 0) + 1;
    pending.set(id, resolve);
    transport.send({ ...request, jsonrpc: "2.0", id }).catch(reject);
  });

  const session = createTaskSessionFromClient(client, {
    endpointId: "exemux-e2e",
    rawDispatch,
    v2RequestFraming: { protocolVersion: "2026-07-28", clientInfo, clientCapabilities: {} },
  });
  const copies = [];
  for (const copy of scenario.copies) {
    const out = {};
    try {
      const execution = await session.callTool("copy_path", copy.arguments);
      out.kind = execution.kind;
      if (execution.kind === "task") out.taskId = execution.handle.taskId;
      if (copy.cancel) {
        await execution.cancel();
        out.cancelled = true;
        // The task as the server reports it after the cancellation was acknowledged.
        const after = await rawDispatch({ method: "tasks/get", params: { taskId: out.taskId, _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": clientInfo,
          "io.modelcontextprotocol/clientCapabilities": { extensions: { "io.modelcontextprotocol/tasks": {} } },
        } } });
        out.afterCancel = after.kind === "result" ? after.result : { error: after.error };
        await execution.close();
      } else {
        const { outcome, lastTask } = await execution.settle();
        out.outcome = outcome.kind ?? outcome.status ?? null;
        out.lastTask = lastTask ? { status: lastTask.status, statusMessage: lastTask.statusMessage } : null;
        out.result = resultFromTaskOutcome(outcome);
      }
    } catch (e) {
      out.error = String(e && e.stack ? e.stack : e);
    }
    copies.push(out);
  }
  await session.close();
  const era = client.getProtocolEra();
  const discover = client.getServerCapabilities();
  await client.close();
  process.stdout.write(JSON.stringify({
    era,
    discover,
    copies,
    methods,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: Buffer.concat(stderr).toString("utf8"),
  }));
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack ? e.stack : e) }));
  process.exitCode = 1;
});
