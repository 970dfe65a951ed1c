#!/bin/sh
# Packs the distribution: exemux-<version>.tar.gz holding exemux-<version>/ with bin/exemux, lib/ (the jar,
# its start-up archive and the session that trains one), scripts/install.sh, README.md and LICENSE. It runs
# from wherever it is unpacked, with a JDK or JRE 17+ and nothing else (no checkout, no Maven).
# Usage: dist.sh <repository root> <jar> <archive> <target dir> <version>
set -eu
root="$1"; jar="$2"; archive="$3"; target="$4"; version="$5"
name="exemux-$version"
stage="$target/dist"
rm -rf "$stage" && mkdir -p "$stage/$name/bin" "$stage/$name/lib" "$stage/$name/scripts"
cp "$root/bin/exemux" "$stage/$name/bin/exemux"
cp "$root/scripts/install.sh" "$stage/$name/scripts/install.sh"
chmod 755 "$stage/$name/bin/exemux" "$stage/$name/scripts/install.sh"
# Times kept: an archive is used only when newer than its jar.
cp -p "$jar" "$stage/$name/lib/exemux.jar"
cp -p "$archive" "$stage/$name/lib/exemux.jsa"
cp -p "$archive.id" "$stage/$name/lib/exemux.jsa.id"
cp "$root/mcp-server/src/build/cds-training.jsonl" "$stage/$name/lib/cds-training.jsonl"
cp "$root/README.md" "$root/LICENSE" "$stage/$name/"
tar -czf "$target/$name.tar.gz" -C "$stage" "$name"
