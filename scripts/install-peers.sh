#!/usr/bin/env bash
# Installs the real peers the tests drive: codex exec-server releases and the MCP TypeScript SDK client.
# Each codex release is ~400 MB, so each goes once into a cache directory outside the repo and is reused.
set -euo pipefail
cache="${EXEMUX_PEER_CACHE:-$HOME/.cache/exemux}"
root="$(cd "$(dirname "$0")/.." && pwd)"
# Every supported release (codex-releases.txt: a version a line, then its roles), unless overridden.
versions="${EXEMUX_CODEX_VERSIONS-$(sed -e 's/#.*//' "$root/codex-releases.txt" | awk 'NF { print $1 }')}"
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
for spec in "@modelcontextprotocol/sdk@$sdk_version" "@modelcontextprotocol/client@2.4.0" "@modelcontextprotocol/inspector-cli@1.0.3" "@modelcontextprotocol/ext-tasks@0.2.2" "@modelcontextprotocol/server-filesystem@2026.8.31"; do
  name="${spec%@*}"
  want="${spec##*@}"
  have="$(node -p "try{require('$client/node_modules/$name/package.json').version}catch(e){''}" 2>/dev/null || true)"
  if [ "$have" = "$want" ]; then continue; fi
  echo "installing $spec into $client" >&2
  (cd "$client" && npm install --no-audit --no-fund --loglevel=error --save-exact "$spec" >&2)
done
# ripgrep: search_files' first engine, which its tests exercise (CI runs as root).
if ! command -v rg >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ripgrep" >&2
    apt-get install -y ripgrep >&2 || { apt-get update >&2 && apt-get install -y ripgrep >&2; }
  else
    echo "ripgrep (rg) is missing: install it as root (apt-get install -y ripgrep) to run search_files' rg tests" >&2
  fi
fi
echo "$cache"
