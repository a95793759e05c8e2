#!/usr/bin/env bash
# Open the demo council's HTML report in headless Chromium, as a reader would:
# - it renders with no console errors and loads nothing from the network;
# - every chart is present in the rendered page (one <svg> per <figure>, at least 8) and
#   every section is there;
# - a screenshot (kept in target/test-artifacts/report.png) is non-trivial.
# Run by `cargo xtask test`; needs Debian's `chromium` (installed by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "check_report: chromium not found (apt-get install chromium)" >&2
  exit 1
fi
art=target/test-artifacts
mkdir -p "$art"
rm -rf "$art/demo"
cargo run -q --bin workforce -- demo --out "$art/demo" >/dev/null
report="$(pwd)/$art/demo/report.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --enable-logging=stderr --v=0)

passed=0
failed=0
check() { # name, then a command that succeeds when the check passes
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
  fi
}

rm -f "$art/report.png"
timeout 180 "$chromium" "${flags[@]}" --screenshot="$art/report.png" --window-size=1280,4000 \
  "file://$report" >"$art/chromium-screenshot.out" 2>"$art/chromium-screenshot.log" || true
timeout 180 "$chromium" "${flags[@]}" --dump-dom "file://$report" \
  >"$art/report.dom.html" 2>"$art/chromium-dom.log" || true

check "screenshot written" test -s "$art/report.png"
size=$(stat -c %s "$art/report.png" 2>/dev/null || echo 0)
check "screenshot is non-trivial ($size bytes)" test "$size" -gt 100000
figures=$(grep -o '<figure' "$art/report.dom.html" | wc -l)
svgs=$(grep -o '<svg' "$art/report.dom.html" | wc -l)
source_svgs=$(grep -o '<svg' "$report" | wc -l)
check "every chart rendered ($svgs svg, $figures figures)" test "$svgs" -eq "$figures" -a "$svgs" -ge 8 -a "$svgs" -eq "$source_svgs"
for id in headline trends agency-teams agency-lengths vacancies sickness caseloads casework compliance data; do
  check "section $id present" grep -q "<section id=\"$id\">" "$art/report.dom.html"
done
no_console_errors() {
  ! grep -hiE 'Uncaught|CONSOLE[:(]|Failed to load resource|net::ERR_' \
    "$art/chromium-screenshot.log" "$art/chromium-dom.log"
}
check "no console errors or network requests" no_console_errors

echo "check_report: $passed passed, $failed failed"
test "$failed" -eq 0
