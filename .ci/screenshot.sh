#!/usr/bin/env bash
# Renders the replay tool's HTML report of each embedded agreement
# (support-desk, saas-credits, sales-marketing) in headless Chromium, checks
# no screenshot is blank (issue 8, "Checks") and runs the browser test of
# examples/replay (the DOM holds the key figures; issue 19) with CI=true, so
# it cannot skip.
#
#   .ci/screenshot.sh [directory]       # default: a temporary directory
#   UPDATE_DOCS=1 .ci/screenshot.sh     # also copies them to docs/replay-<seed>.png
#   .ci/screenshot.sh install           # only installs Chromium if it is missing (run it
#                                       # before `go test ./...` under CI=true, whose
#                                       # browser test fails without a browser)
#
# If Chromium is missing it tries `apt-get install -y chromium`; when that is
# impossible (no root, no network) it prints a SKIP line and exits 0, so CI
# does not fail only because a browser cannot be installed. A blank or
# missing screenshot fails.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work}
if [ "$out" != install ]; then mkdir -p "$out"; fi

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
if [ "$out" = install ]; then echo "screenshot: browser $browser"; exit 0; fi

# Headless Chromium may exit non-zero after writing the file (D-Bus noise);
# the PNG check below is what counts. The window is the width of a laptop
# and tall enough for the header, the key figures, the verdicts and the
# first pictures.
for seed in support-desk saas-credits sales-marketing; do
  go run ./examples/replay -seed "$seed" -format html -o "$work/$seed.html"
  png="$out/replay-$seed.png"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$png" "file://$work/$seed.html" >"$work/chromium.log" 2>&1 || true
  if [ ! -s "$png" ]; then
    echo "screenshot: FAIL: chromium wrote no screenshot of $seed" >&2
    tail -20 "$work/chromium.log" >&2 || true
    exit 1
  fi
  go run ./examples/replay/internal/pngcheck "$png"
  if [ "${UPDATE_DOCS:-}" = 1 ]; then
    cp "$png" "docs/replay-$seed.png"
    echo "screenshot: updated docs/replay-$seed.png"
  fi
done

CI=true go test ./examples/replay -run '^TestBrowser$' -count 1

if [ -n "${1:-}" ]; then echo "screenshot: OK $out"; else echo "screenshot: OK"; fi
