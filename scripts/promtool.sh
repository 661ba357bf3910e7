#!/usr/bin/env bash
# Prints the path of Prometheus' promtool, fetching it once into .tools/ from Debian's prometheus package
# (only the package file is downloaded and unpacked: nothing is installed or started).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/.tools/promtool"
if command -v promtool >/dev/null 2>&1; then command -v promtool; exit 0; fi
if [[ ! -x "$tool" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  ( cd "$work" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get download prometheus >/dev/null; }; } )
  dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
  mkdir -p "$root/.tools"
  cp "$work/x/usr/bin/promtool" "$tool"
fi
echo "$tool"
