#!/bin/sh
# stat_path through bin/exemux (MCP over stdio, direct mode) vs the same fs/getMetadata sent straight
# to the exec-server, in one run against a real codex release.
# Usage: bench/stat/run.sh [calls=1000] [codex release=0.169.0]   (needs scripts/install-peers.sh)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
calls="${1:-1000}"
release="${2:-0.169.0}"
cache="${EXEMUX_PEER_CACHE:-$HOME/.cache/exemux}"
vendor="$cache/codex/$release/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl"
codex="$vendor/bin/codex"
[ -x "$codex" ] || codex="$vendor/codex/codex"
[ -x "$codex" ] || { echo "codex $release is not installed in $cache: run scripts/install-peers.sh" >&2; exit 2; }
if [ "${EXEMUX_BENCH_NO_BUILD:-}" != 1 ]; then
  mvn -q -f "$root/pom.xml" -pl mcp-server -am package -DskipTests >&2
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" "$root/bench/stat/StatBench.java" "$codex" "$root/bin/exemux" "$calls" "$release"
