#!/bin/sh
# Trains the AppCDS archive for the jar just packaged: runs it through bin/exemux (same JVM flags as
# production) on a scripted session that touches the start-up path of both protocol eras (initialize,
# tools/list, a tool call, a malformed line; server/discover, tools/list and a call in 2026-07-28) and writes the classes it loaded at exit. The archive is only valid for
# this exact jar, so the build regenerates it on every package.
# Usage: train-cds.sh <java> <jar> <archive>
set -eu
java="$1"; jar="$2"; archive="$3"
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$archive"
modern='{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"exemux-cds-training","version":"1"}}'
printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"exemux-cds-training","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  'this line is not JSON' \
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_executors","arguments":{}}}' \
  '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"stat_path","arguments":{"exe_id":"local","path":"/"}}}' \
  '{"jsonrpc":"2.0","id":5,"method":"ping"}' \
  "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"server/discover\",\"params\":{\"_meta\":$modern}}" \
  "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{\"_meta\":$modern}}" \
  "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"stat_path\",\"arguments\":{\"exe_id\":\"local\",\"path\":\"/\"},\"_meta\":$modern}}" \
  | env -i PATH="$PATH" HOME="${HOME:-/tmp}" JAVA_HOME="$(dirname "$(dirname "$java")")" \
      EXEMUX_JAR="$jar" EXEMUX_CDS_TRAINING="$archive" EXEMUX_LOG_LEVEL=error EXEMUX_LOCAL=on \
      "$here/../../../bin/exemux" > /dev/null 2> "$archive.log" \
  || { cat "$archive.log" >&2; exit 1; }
# The JVM warns about every class it cannot archive; that is expected, the log keeps it.
test -s "$archive" || { echo "train-cds.sh: no archive written; see $archive.log" >&2; exit 1; }
