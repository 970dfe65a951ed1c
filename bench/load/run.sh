#!/bin/sh
# Load: 200 exe_ids routed through TestGateway onto real codex exec-servers (0.130.0 and 0.169.0, two
# of each), 64 calls in flight (stat_path / read_file / short exec_command) for 60 s per phase: through
# bin/exemux and the real MCP TypeScript client, straight to the exec-servers (raw WebSocket), raw
# through the gateway, and through exemux again with one slow and one dead executor present.
# Prints p50/p99 per phase and call, and exemux's memory.
# Usage: bench/load/run.sh [seconds per phase=60] [exe_ids=200] [concurrency=64] [releases=0.130.0,0.169.0,0.130.0,0.169.0]
# Needs scripts/install-peers.sh. Builds first unless EXEMUX_BENCH_NO_BUILD=1.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/soak/classpath.sh"
exec "$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.exemux.server.LoadRun "$@"
