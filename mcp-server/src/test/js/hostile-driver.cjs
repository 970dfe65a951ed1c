// Sends hostile input to an MCP server over stdio, for HostileInputEndToEndIT: tools/call requests
// through the official TypeScript SDK client (several in flight), malformed lines written raw to the
// server's stdin (one at a time, each followed by its reply or a sync ping), then a final ping and
// tools/list. Reads a scenario (JSON) on stdin, prints one JSON report on stdout:
//   scenario: { command, env, casesFile, concurrency, timeoutMs, secrets? } (secrets must appear nowhere)
//   casesFile: JSON lines, { call, arguments } | { raw: base64, reply: "id"|"null"|"none", id? }
//   report:   { counts, violations[], maxLatencyMs, p50LatencyMs, p99LatencyMs, elapsedMs, final, exitCode,
//               stdoutLines, stdoutBytes, stderrBytes, stderrStackTraces }
// HOSTILE_TRACE=1 in the environment prints each case's index and latency to stderr (to find what hangs).
const fs = require("fs");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");

// What a stack trace or a leaked exception looks like in text meant for a model.
const TRACE = [/at dev\.exemux/, /Exception/, /\tat /, /failed unexpectedly/, /\n\s+at [\w.$]+\(/];

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function idKey(id) {
  return JSON.stringify(id === undefined ? null : id);
}

async function main() {
  const scenario = await readStdin();
  const cases = fs.readFileSync(scenario.casesFile, "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
  const transport = new StdioClientTransport({
    command: scenario.command,
    env: { ...(scenario.env ?? {}), SHLVL: "1" },
    stderr: "pipe",
  });
  const secrets = scenario.secrets ?? [];
  const TICKET = /rly_[0-9a-fA-F]{8,}/;
  const checkSecrets = (where, text) => {
    if (secrets.some((x) => text.includes(x)) || TICKET.test(text)) violation("a secret appears on " + where, -1, "(masked)");
  };
  let stderrAll = "";
  const counts = {};
  const bump = (k) => { counts[k] = (counts[k] ?? 0) + 1; };
  const violations = [];
  const violation = (what, index, detail) => {
    bump("violations");
    if (violations.length < 50) violations.push({ what, index, detail: String(detail).slice(0, 600) });
  };
  let stderrBytes = 0;
  const stderrTail = [];
  let stderrStackTraces = 0;
  transport.stderr.on("data", (c) => {
    stderrBytes += c.length;
    if (process.env.HOSTILE_TRACE) process.stderr.write(c);
    const s = c.toString("utf8");
    stderrAll += s;
    if (/\n\s+at [\w.$]+\(/.test(s)) stderrStackTraces++;
    stderrTail.push(s);
    if (stderrTail.length > 40) stderrTail.shift();
  });
  const client = new Client({ name: "exemux-hostile", version: "1.0.0" });
  client.onerror = () => bump("clientOnError"); // responses to raw lines have ids the client never sent
  await client.connect(transport);
  // With the tools listed, the client checks every result's structured content against its output schema.
  await client.listTools();
  const child = transport._process;
  child.stdin.setMaxListeners(0); // concurrent multi-MB writes each wait for 'drain'
  let exitCode = null;
  child.on("exit", (code) => { exitCode = code; });

  // Every stdout line must be one JSON-RPC 2.0 message; replies to raw lines are routed to the raw lane.
  let pending = Buffer.alloc(0);
  let stdoutLines = 0;
  let stdoutBytes = 0;
  const rawWaiters = []; // { key | null, resolve }
  const rawSeen = [];    // replies to raw lines not yet claimed
  const onRawReply = (msg) => {
    const i = rawWaiters.findIndex((w) => w.key === idKey(msg.id));
    if (i >= 0) rawWaiters.splice(i, 1)[0].resolve(msg);
    else rawSeen.push(msg);
  };
  child.stdout.on("data", (chunk) => {
    stdoutBytes += chunk.length;
    pending = Buffer.concat([pending, chunk]);
    let nl;
    while ((nl = pending.indexOf(10)) >= 0) {
      const line = pending.subarray(0, nl).toString("utf8");
      pending = pending.subarray(nl + 1);
      stdoutLines++;
      checkSecrets("stdout", line);
      let msg;
      try {
        msg = JSON.parse(line);
      } catch (e) {
        violation("stdout line is not JSON", -1, line.slice(0, 300));
        continue;
      }
      if (typeof msg !== "object" || msg === null || Array.isArray(msg) || msg.jsonrpc !== "2.0") {
        violation("stdout line is not a JSON-RPC 2.0 object", -1, line.slice(0, 300));
        continue;
      }
      if (msg.method !== undefined) continue; // a notification or request from the server
      const hasResult = msg.result !== undefined;
      const hasError = msg.error !== undefined;
      if (hasResult === hasError) violation("reply without exactly one of result/error", -1, line.slice(0, 300));
      if (hasError && (!Number.isInteger(msg.error.code) || typeof msg.error.message !== "string")) {
        violation("malformed error object", -1, line.slice(0, 300));
      }
      const text = hasError ? msg.error.message + " " + JSON.stringify(msg.error.data ?? "") : "";
      if (TRACE.some((p) => p.test(text))) violation("stack trace in an error reply", -1, text);
      const ownId = typeof msg.id === "number" && Number.isInteger(msg.id) && msg.id >= 0 && msg.id < 1e9;
      if (!ownId) onRawReply(msg);
    }
  });

  const latencies = [];
  const started = Date.now();

  async function runCall(c, index) {
    const t0 = Date.now();
    try {
      const result = await client.callTool({ name: c.call, arguments: c.arguments }, undefined,
        { timeout: scenario.timeoutMs, maxTotalTimeout: scenario.timeoutMs });
      const text = (result.content ?? []).map((x) => x.text ?? "").join("");
      bump(result.isError ? "callIsError" : "callOk");
      if (!Array.isArray(result.content)) violation("result without content", index, JSON.stringify(result).slice(0, 300));
      if (TRACE.some((p) => p.test(text))) violation("stack trace in a tool result", index, c.call + ": " + text);
      // An error that echoes a huge argument floods the model's context.
      const limit = result.isError ? 20000 : 200000;
      if (text.length > limit) violation("oversized result text (" + text.length + " chars)", index, c.call + ": " + text.slice(0, 200));
    } catch (e) {
      const code = e && e.code;
      if (code === -32001) {
        violation("no reply within " + scenario.timeoutMs + " ms", index, c.call);
      } else if (code === -32603) {
        violation("-32603 from tools/call", index, c.call + ": " + (e && e.message));
      } else if (typeof code === "number") {
        bump("callError" + code);
        const m = String(e.message);
        if (TRACE.some((p) => p.test(m))) violation("stack trace in an error reply", index, m);
      } else {
        violation("client-side failure", index, c.call + ": " + (e && e.message));
      }
    }
    latencies.push(Date.now() - t0);
    if (process.env.HOSTILE_TRACE) process.stderr.write(`call ${index} ${c.call} ${Date.now() - t0} ms\n`);
  }

  let syncN = 0;
  function waitRaw(key, index, what) {
    return new Promise((resolve) => {
      const seen = rawSeen.findIndex((m) => idKey(m.id) === key);
      if (seen >= 0) return resolve(rawSeen.splice(seen, 1)[0]);
      const w = { key, resolve };
      rawWaiters.push(w);
      setTimeout(() => {
        const i = rawWaiters.indexOf(w);
        if (i >= 0) {
          rawWaiters.splice(i, 1);
          violation("no reply within " + scenario.timeoutMs + " ms to " + what, index, key);
          resolve(null);
        }
      }, scenario.timeoutMs);
    });
  }

  async function runRaw(c, index) {
    const t0 = Date.now();
    child.stdin.write(Buffer.concat([Buffer.from(c.raw, "base64"), Buffer.from("\n")]));
    if (c.reply === "id") {
      const key = idKey(JSON.parse(c.id));
      const reply = await waitRaw(key, index, "a raw line");
      if (reply) bump(reply.error ? "rawError" + reply.error.code : "rawResult");
    } else {
      // Whatever the line gets (a reply with id null, or nothing) has arrived before the sync ping's reply.
      const sync = "sync-" + ++syncN;
      child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: sync, method: "ping" }) + "\n");
      await waitRaw(idKey(sync), index, "the sync ping");
      const nulls = rawSeen.filter((m) => m.id === null);
      rawSeen.length = 0;
      if (c.reply === "null" && nulls.length !== 1) violation("expected one error with id null, got " + nulls.length, index, c.raw.slice(0, 200));
      if (c.reply === "none" && nulls.length !== 0) violation("expected no reply, got " + nulls.length, index, JSON.stringify(nulls[0]));
      for (const n of nulls) bump("rawError" + (n.error ? n.error.code : "Result"));
      if (c.reply === "none") bump("rawIgnored");
    }
    latencies.push(Date.now() - t0);
    if (process.env.HOSTILE_TRACE) process.stderr.write(`raw ${index} ${Date.now() - t0} ms\n`);
  }

  // One lane takes the raw lines in order; the others take the calls.
  const calls = [];
  const raws = [];
  cases.forEach((c, i) => (c.raw !== undefined ? raws : calls).push([c, i]));
  let next = 0;
  const callLanes = Array.from({ length: scenario.concurrency }, async () => {
    while (next < calls.length) {
      const [c, i] = calls[next++];
      await runCall(c, i);
    }
  });
  const rawLane = (async () => {
    for (const [c, i] of raws) await runRaw(c, i);
  })();
  await Promise.all([...callLanes, rawLane]);
  const elapsedMs = Date.now() - started;
  checkSecrets("stderr", stderrAll);

  const final = { alive: exitCode === null && child.exitCode === null };
  try {
    await client.ping({ timeout: 10000 });
    final.ping = true;
    final.tools = (await client.listTools(undefined, { timeout: 10000 })).tools.length;
  } catch (e) {
    final.error = String(e && e.message);
  }
  await client.close();
  if (exitCode === null && child.exitCode === null) await new Promise((r) => child.once("exit", (code) => { exitCode = code; r(); }));
  if (exitCode === null) exitCode = child.exitCode;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  process.stdout.write(JSON.stringify({
    cases: cases.length, calls: calls.length, raws: raws.length, counts, violations,
    p50LatencyMs: q(0.5), p99LatencyMs: q(0.99), maxLatencyMs: latencies[latencies.length - 1], elapsedMs,
    final, exitCode, stdoutLines, stdoutBytes, stderrBytes, stderrStackTraces,
    stderrTail: stderrStackTraces > 0 ? stderrTail.join("").slice(-4000) : "",
  }));
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack ? e.stack : e) }));
  process.exitCode = 1;
});
