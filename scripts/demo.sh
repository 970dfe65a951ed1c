#!/usr/bin/env bash
# The main job on a fresh machine: build exemux, install the MCP TypeScript client, and let that real
# client drive bin/exemux over stdio against the embedded `local` executor.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=$(EXEMUX_CODEX_VERSIONS="" scripts/install-peers.sh)
mvn -B -q -DskipTests package >&2
# ES modules resolve packages next to the script, not through NODE_PATH.
ln -sfn "$cache/mcp-client/node_modules" scripts/node_modules
exec node scripts/demo-client.mjs "$PWD/bin/exemux"
