#!/bin/sh
# Trains the AppCDS archive for the jar just packaged: runs it through bin/exemux (same JVM flags as
# production) on the scripted session in cds-training.jsonl, which touches the start-up path of both
# protocol eras (initialize, tools/list, a call, a malformed line; server/discover, tools/list and a call
# in 2026-07-28), and archives the classes it loaded at exit. An archive only fits this jar at this path
# on this JVM build, so the build regenerates it on every package and bin/exemux writes its id beside it.
# Usage: train-cds.sh <java> <jar> <archive>
set -eu
java="$1"; jar="$2"; archive="$3"
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$archive" "$archive.id"
env -i PATH="$PATH" HOME="${HOME:-/tmp}" JAVA_HOME="$(dirname "$(dirname "$java")")" \
    EXEMUX_JAR="$jar" EXEMUX_CDS_TRAINING="$archive" EXEMUX_LOG_LEVEL=error EXEMUX_LOCAL=on \
    "$here/../../../bin/exemux" < "$here/cds-training.jsonl" > /dev/null 2> "$archive.log" \
  || { cat "$archive.log" >&2; exit 1; }
# The JVM warns about every class it cannot archive; that is expected, the log keeps it.
test -s "$archive" || { echo "train-cds.sh: no archive written; see $archive.log" >&2; exit 1; }
