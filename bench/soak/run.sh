#!/bin/sh
# Soak with faults: mixed tool calls through bin/exemux and the real MCP TypeScript client on 8 exe_ids
# routed through TestGateway to real codex exec-servers (0.130.0 and 0.169.0, two of each), while the
# gateway drops connections every few seconds, one executor restarts and one stops answering.
# Prints the figures; exits 1 if a call hung, failed uncleanly or returned a wrong result, a write was
# lost or half-done, or a process was left running.
# Usage: bench/soak/run.sh [seconds=600] [releases=0.130.0,0.169.0,0.130.0,0.169.0]
# Needs scripts/install-peers.sh. Builds first unless EXEMUX_BENCH_NO_BUILD=1.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/soak/classpath.sh"
exec "$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.exemux.server.FaultSoak "${1:-600}" ${2:+"$2"}
