#!/bin/sh
# Start-up benchmark: median time from process start to the first reply, bin/exemux in both protocol
# eras (`initialize`, `server/discover`) against plain `java -jar` of the same jar, the Node MCP filesystem
# server (with idle RSS after tools/list) and, when
# EXEMUX_BENCH_REFERENCE names another build's bin/exemux (e.g. an unpacked release), against that,
# interleaved in one run.  Usage: bench/startup/run.sh [runs=15]
# Builds the jar (and its AppCDS archive) first unless EXEMUX_BENCH_NO_BUILD=1.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs="${1:-15}"
if [ "${EXEMUX_BENCH_NO_BUILD:-}" != 1 ]; then
  mvn -q -f "$root/pom.xml" -pl mcp-server -am package -DskipTests >&2
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java); fi
# The Node MCP filesystem server is the baseline a user compares with (installed by scripts/install-peers.sh).
fs_server="${EXEMUX_PEER_CACHE:-$HOME/.cache/exemux}/mcp-client/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"
[ -f "$fs_server" ] || { echo "run scripts/install-peers.sh first ($fs_server missing)" >&2; exit 2; }
exec "$java" "$root/bench/startup/StartupBench.java" "$runs" "$root/bin/exemux" "$root/mcp-server/target/exemux.jar" "$java" "${EXEMUX_BENCH_REFERENCE:-}" "$fs_server"
