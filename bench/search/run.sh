#!/bin/sh
# search_files vs the same rg run through exec_command, both through bin/exemux (MCP over stdio, direct
# mode) on one real codex exec-server, for a word in a generated 20,000-file source tree: time and the
# bytes each returns to the model, for the same matches.
# Usage: bench/search/run.sh [runs=10] [codex release=0.169.0]   (needs scripts/install-peers.sh and rg)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs="${1:-10}"
release="${2:-0.169.0}"
cache="${EXEMUX_PEER_CACHE:-$HOME/.cache/exemux}"
vendor="$cache/codex/$release/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl"
codex="$vendor/bin/codex"
[ -x "$codex" ] || codex="$vendor/codex/codex"
[ -x "$codex" ] || { echo "codex $release is not installed in $cache: run scripts/install-peers.sh" >&2; exit 2; }
command -v rg >/dev/null 2>&1 || { echo "rg is not installed: run scripts/install-peers.sh as root" >&2; exit 2; }
if [ "${EXEMUX_BENCH_NO_BUILD:-}" != 1 ]; then
  mvn -q -f "$root/pom.xml" -pl mcp-server -am package -DskipTests >&2
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" "$root/bench/search/SearchBench.java" "$codex" "$root/bin/exemux" "$runs" "$release"
