#!/usr/bin/env bash
# copy_path to 8 executors at once (dst_exe_ids) against 8 sequential copies, in one run: two real codex
# exec-servers on this machine behind TestGateway (8 destination exe_ids, 4 on each), TestRelay as the relay.
# Needs the codex releases from scripts/install-peers.sh.
# Usage: bench/fanout/run.sh [MiB=64] [runs=3] [auto|stream]   (auto: over the relay; stream: through exemux)
set -euo pipefail
cd "$(dirname "$0")/../.."
MIB="${1:-64}"
RUNS="${2:-3}"
TRANSPORT="${3:-auto}"
# One reactor build: sibling modules come from this tree, not from whatever ~/.m2 holds.
mvn -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
export SHLVL=1
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.exemux.bench.fanout.FanOutBench "$MIB" "$RUNS" "$TRANSPORT"
