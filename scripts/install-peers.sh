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
sdk_version="${EXEMUX_MCP_SDK_VERSION:-1.32.2}"
if [ ! -d "$client/node_modules/@modelcontextprotocol/sdk" ]; then
  echo "installing @modelcontextprotocol/sdk@$sdk_version into $client" >&2
  mkdir -p "$client"
  (cd "$client" && npm install --no-audit --no-fund --loglevel=error "@modelcontextprotocol/sdk@$sdk_version" >&2)
fi
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
