#!/usr/bin/env bash
# Bridge client overhead benchmark, run the same way each time: fs/getMetadata round trips through
# ExecutorPool -> Executor.stat against a minimal raw OkHttp WebSocket client, both on one real codex
# exec-server (started here), rounds alternating, same JVM. Needs the codex releases from
# scripts/install-peers.sh. Usage: bench/bridge/run.sh [release] [rounds] [calls-per-round] [warm-up calls]
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor build: sibling modules come from this tree, not from whatever ~/.m2 holds.
mvn -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
export SHLVL=1
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.exemux.bench.bridge.StatRoundTripBench \
  "${1:-0.169.0}" "${2:-20}" "${3:-1000}" "${4:-5000}"
