// A real MCP client (the official TypeScript SDK) talking to bin/exemux over stdio on the embedded
// `local` executor: what the README's main-job command runs.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const exemux = process.argv[2];
const transport = new StdioClientTransport({
  command: exemux,
  args: [],
  env: { ...process.env, SHLVL: "1" },
  stderr: "inherit",
});
const client = new Client({ name: "exemux-demo", version: "1.0.0" });
await client.connect(transport);
const server = client.getServerVersion();
console.log(`connected to ${server.name} ${server.version}`);
const { tools } = await client.listTools();
console.log(`tools: ${tools.map((t) => t.name).join(", ")}`);

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.map((c) => c.text ?? "").join("\n");
  console.log(`\n> ${name} ${JSON.stringify(args)}${result.isError ? "  [isError]" : ""}\n${text}`);
  return result;
}

await call("list_executors", {});
await call("exec_command", { exe_id: "local", command: "echo hello from $(uname -s); nproc" });
const file = `/tmp/exemux-demo-${process.pid}.txt`;
await call("write_file", { exe_id: "local", path: file, content: "one\ntwo\nthree\n" });
await call("edit_file", { exe_id: "local", path: file, old_string: "two", new_string: "TWO" });
await call("read_file", { exe_id: "local", path: file });
await call("apply_patch", {
  exe_id: "local",
  patch: `*** Begin Patch\n*** Update File: ${file}\n@@\n one\n-TWO\n+two, patched\n three\n*** End Patch`,
});
await call("search_files", { exe_id: "local", path: "/tmp", pattern: "patched", glob: `exemux-demo-${process.pid}*` });
const many = await call("exec_many", { exe_ids: ["local"], command: "sleep 1; echo done", yield_ms: 0 });
const sessions = (many.structuredContent.executors ?? [])
  .filter((e) => e.session_id)
  .map((e) => ({ exe_id: e.exe_id, session_id: e.session_id }));
if (sessions.length > 0) {
  await call("wait_sessions", { sessions, until: "all", yield_ms: 20000 });
}
const copy = await call("copy_path", { src_exe_id: "local", src_path: file, dst_exe_id: "local", dst_path: `${file}.copy` });
await call("copy_status", { copy_id: copy.structuredContent.copy_id, yield_ms: 0 });
await call("remove_path", { exe_id: "local", path: file });
await call("remove_path", { exe_id: "local", path: `${file}.copy` });
await call("stat_path", { exe_id: "nope", path: "/" });
await client.close();
