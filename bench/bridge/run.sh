#!/usr/bin/env bash
# Bridge client round-trip benchmark, run the same way each time: through ExecutorPool -> Executor
# against a minimal raw OkHttp WebSocket client, both on one real codex exec-server (started here),
# rounds alternating, same JVM. Modes: stat (fs/getMetadata; the default) and process (run `true` to
# its end). Needs the codex releases from scripts/install-peers.sh.
# Usage: bench/bridge/run.sh [stat|process] [release] [rounds] [calls-per-round] [warm-up calls]
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor build: sibling modules come from this tree, not from whatever ~/.m2 holds.
mvn -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
export SHLVL=1
MODE=stat
if [ "${1:-}" = stat ] || [ "${1:-}" = process ]; then
  MODE=$1
  shift
fi
if [ "$MODE" = process ]; then
  # A process costs milliseconds, not tenths: fewer calls give the same confidence in the same time.
  set -- "${1:-0.169.0}" "${2:-10}" "${3:-50}" "${4:-100}"
fi
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.exemux.bench.bridge.RoundTripBench \
  "$MODE" "${1:-0.169.0}" "${2:-20}" "${3:-1000}" "${4:-5000}"
