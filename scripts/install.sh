#!/bin/sh
# Installs exemux into PREFIX (default ~/.local): the distribution goes to PREFIX/share/exemux and
# PREFIX/bin/exemux points at it. Run it from an unpacked exemux-<version>.tar.gz, or from a checkout
# after `mvn -B -q -DskipTests package` (it then installs mcp-server/target/exemux-*.tar.gz).
# Then it builds the start-up archive for the installed jar and this machine's Java, and prints the line
# to add to an MCP client.  Usage: scripts/install.sh [PREFIX]
set -eu
prefix="${1:-$HOME/.local}"
here=$(cd "$(dirname "$0")/.." && pwd)
unpacked=
if [ -f "$here/lib/exemux.jar" ]; then
  dist=$here
else
  tarball=$(ls -t "$here"/mcp-server/target/exemux-*.tar.gz 2>/dev/null | head -n 1 || true)
  if [ -z "$tarball" ]; then
    echo "install.sh: no distribution found: run it from an unpacked exemux-<version>.tar.gz, or build one first with" >&2
    echo "  mvn -B -q -DskipTests package" >&2
    exit 2
  fi
  unpacked=$(mktemp -d)
  trap 'rm -rf "$unpacked"' EXIT
  tar -xzf "$tarball" -C "$unpacked"
  dist=$(echo "$unpacked"/exemux-*)
fi
if ! command -v java > /dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "install.sh: exemux needs Java 17 or newer (a JRE is enough): install one, or set JAVA_HOME" >&2
  exit 2
fi
mkdir -p "$prefix/bin" "$prefix/share"
target="$prefix/share/exemux"
rm -rf "$target.new"
cp -Rp "$dist" "$target.new"
rm -rf "$target" && mv "$target.new" "$target"
ln -sf "$target/bin/exemux" "$prefix/bin/exemux"
# The start-up archive fits one jar path on one Java build: make it for this installation now, so the
# first start is fast too (without one, exemux starts anyway and makes it in the background).
"$prefix/bin/exemux" --prepare-startup-archive || echo "install.sh: exemux will build its start-up archive on first use" >&2
echo "$("$prefix/bin/exemux" --version) installed: $prefix/bin/exemux" >&2
echo "Add it to your MCP client (README.md, \"Use it from an MCP client\"), e.g. for Claude Code:" >&2
echo "claude mcp add exemux -- $prefix/bin/exemux"
