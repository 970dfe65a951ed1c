#!/usr/bin/env bash
# Installs the real peers the tests drive: codex exec-server releases and the MCP TypeScript SDK client.
# Each codex release is ~400 MB, so each goes once into a cache directory outside the repo and is reused.
set -euo pipefail
cache="${EXEMUX_PEER_CACHE:-$HOME/.cache/exemux}"
versions="${EXEMUX_CODEX_VERSIONS-0.120.0 0.130.0 0.140.0 0.145.0 0.169.0}"
mkdir -p "$cache/codex"
for v in $versions; do
  dir="$cache/codex/$v"
  if [ -x "$dir/node_modules/.bin/codex" ]; then continue; fi
  echo "installing @openai/codex@$v into $dir" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && npm install --no-audit --no-fund --loglevel=error "@openai/codex@$v" >&2)
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
done
client="$cache/mcp-client"
# The MCP clients the end-to-end tests drive, side by side in one node_modules: the 2025-era SDK, the
# 2026-07-28 client (legacy, auto and pinned modes) with its tasks extension, and the MCP Inspector's CLI.
sdk_version="${EXEMUX_MCP_SDK_VERSION:-1.32.2}"
mkdir -p "$client"
for spec in "@modelcontextprotocol/sdk@$sdk_version" "@modelcontextprotocol/client@2.4.0" "@modelcontextprotocol/inspector-cli@1.0.3" "@modelcontextprotocol/ext-tasks@0.2.2"; do
  name="${spec%@*}"
  want="${spec##*@}"
  have="$(node -p "try{require('$client/node_modules/$name/package.json').version}catch(e){''}" 2>/dev/null || true)"
  if [ "$have" = "$want" ]; then continue; fi
  echo "installing $spec into $client" >&2
  (cd "$client" && npm install --no-audit --no-fund --loglevel=error --save-exact "$spec" >&2)
done
echo "$cache"
