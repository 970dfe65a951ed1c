#!/usr/bin/env bash
# Copy benchmark, run the same way each time: 256 MiB between two real codex exec-servers on this machine
# through TestGateway + TestRelay (relay vs plain curl, then stream), the stream again connected straight
# to the exec-servers, then a 1 GiB stream copy under -Xmx64m.
# Needs the codex releases from scripts/install-peers.sh. Usage: bench/copy/run.sh [MiB] [runs]
#
# `bench/copy/run.sh served [MiB] [runs]` measures what users run instead: the packaged bin/exemux driven
# by an MCP client over stdio, a fresh exemux per mode (its first copy is cold), with plain curl, the
# SHA-256 floor and the CPU seconds of exemux and of the exec-servers in the same run. The in-process
# modes below are diagnostics: a warmed-up JVM with the C2 compiler, not what a user's copy runs on.
# `bench/copy/run.sh ceiling [MiB] [runs]` forks a relay copy's own scripts here, against the same floor.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = ceiling ]; then
  # Diagnostic: the relay copy's own two scripts and its mv, forked here without exemux, an exec-server or a
  # gateway, against the floor: the most a relay copy can reach on this machine.
  mvn -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  CP="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
  exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.exemux.bench.copy.RelayCeilingBench "${2:-256}" "${3:-9}"
fi
if [ "${1:-}" = served ]; then
  MIB="${2:-256}"; RUNS="${3:-3}"
  mvn -q -pl bench,mcp-server -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  CP="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
  export SHLVL=1
  for mode in stream-direct stream relay; do
    echo "== served: $mode, ${MIB} MiB"
    java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.exemux.bench.served.ServedCopyBench "$mode" "$MIB" "$RUNS" bin/exemux
  done
  exit 0
fi
MIB="${1:-256}"
RUNS="${2:-3}"
# One reactor build: sibling modules come from this tree, not from whatever ~/.m2 holds.
mvn -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
MAIN=dev.exemux.bench.copy.CopyBench
export SHLVL=1
echo "== (diagnostic, in-process) relay vs plain curl, ${MIB} MiB"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$MAIN" relay-vs-curl "$MIB" "$RUNS"
echo "== stream, ${MIB} MiB"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$MAIN" stream "$MIB" "$RUNS"
echo "== stream, ${MIB} MiB, exemux connected straight to the exec-servers (no in-process gateway)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$MAIN" stream-direct "$MIB" "$RUNS"
echo "== stream, 1024 MiB, -Xmx64m"
java -Xmx64m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$MAIN" stream 1024 1
