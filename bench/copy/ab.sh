#!/usr/bin/env bash
# A/B on a loaded machine: alternates JVMs of a baseline tree and this tree, each doing the same copies
# (CopyBench MODE: stream, the default, or relay-vs-curl), so both see the same load.
# Usage: [MODE=relay-vs-curl] bench/copy/ab.sh BASELINE_TREE [MiB] [rounds] [copies-per-jvm]
# BASELINE_TREE is another checkout (e.g. `git archive <commit> | tar -x -C /tmp/base`); both are built here.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE="$(cd "$1" && pwd)"; MIB="${2:-256}"; ROUNDS="${3:-3}"; COPIES="${4:-2}"
for tree in "$BASE" "$PWD"; do
  (cd "$tree" && mvn -q -o -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
done
cp_of() { echo "$1/bench/target/classes:$(cat "$1/bench/target/bench-classpath.txt")"; }
A="$(cp_of "$BASE")"; B="$(cp_of "$PWD")"
export SHLVL=1
for r in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    cp="$A"; [ "$side" = B ] && cp="$B"
    echo "== round $r $side (load $(cut -d' ' -f1-3 /proc/loadavg))"
    java ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.exemux.bench.copy.CopyBench "${MODE:-stream}" "$MIB" "$COPIES" | grep -E "^(run|RESULT)" | sed "s/^/$side /"
  done
done
