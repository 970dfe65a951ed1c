#!/bin/sh
# Fleet: exec_many of a short command on 64 exe_ids (through TestGateway onto 8 real codex exec-servers,
# 0.130.0 and 0.169.0 alternating) against one exec_command on one exe_id, both through bin/exemux and the
# real MCP TypeScript client, interleaved; plus 64 sequential exec_commands once, for scale.
# Prints medians and the ratio (target: exec_many <= 3x the single call).
# Usage: bench/fleet/run.sh [rounds=20] [exe_ids=64] [releases=0.130.0,0.169.0,... (8)]
# Needs scripts/install-peers.sh. Builds first unless EXEMUX_BENCH_NO_BUILD=1.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/soak/classpath.sh"
exec "$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.exemux.server.FleetBench "$@"
