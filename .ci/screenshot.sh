#!/usr/bin/env bash
# Renders the replay tool's default HTML report in headless Chromium and
# checks the screenshot is not blank (issue 8, "Checks").
#
#   .ci/screenshot.sh [output.png]      # default: a temporary file
#   UPDATE_DOCS=1 .ci/screenshot.sh     # also copies it to docs/replay.png
#
# If Chromium is missing it tries `apt-get install -y chromium`; when that is
# impossible (no root, no network) it prints a SKIP line and exits 0, so CI
# does not fail only because a browser cannot be installed. A blank or
# missing screenshot fails.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work/replay.png}

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
if [ -z "$browser" ]; then
  echo "screenshot: chromium not found; trying apt-get install -y chromium"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo -n"; fi
  if { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium; } >"$work/apt.log" 2>&1 \
     && command -v chromium >/dev/null 2>&1; then
    browser=$(command -v chromium)
  else
    echo "SKIP screenshot: chromium is not installed and could not be installed (see apt-get output below)"
    tail -5 "$work/apt.log" || true
    exit 0
  fi
fi

go run ./examples/replay -format html -o "$work/report.html"

# Headless Chromium may exit non-zero after writing the file (D-Bus noise);
# the PNG check below is what counts.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,2000 \
  --screenshot="$out" "file://$work/report.html" >"$work/chromium.log" 2>&1 || true
if [ ! -s "$out" ]; then
  echo "screenshot: FAIL: chromium wrote no screenshot" >&2
  tail -20 "$work/chromium.log" >&2 || true
  exit 1
fi

go run ./examples/replay/internal/pngcheck "$out"

if [ "${UPDATE_DOCS:-}" = 1 ]; then
  cp "$out" docs/replay.png
  echo "screenshot: updated docs/replay.png"
fi
if [ -n "${1:-}" ]; then echo "screenshot: OK $out"; else echo "screenshot: OK"; fi
