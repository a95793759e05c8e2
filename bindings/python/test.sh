#!/usr/bin/env bash
# Build the Python binding into a private virtual environment and run its checks:
# mypy stubtest (the .pyi stubs against the module) and pytest (tests, example notebook).
#
# Environment:
#   WORKFORCE_PY_VENV     venv location (default: <repo>/target/py-venv)
#   WORKFORCE_PY_RELEASE  set to 1 to build the extension in release mode (default: debug,
#                         which compiles faster; the benchmark builds release itself)
#   PYTHON                interpreter used to create the venv (default: python3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${WORKFORCE_PY_VENV:-$root/target/py-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "==> creating $venv"
  "$python" -m venv "$venv"
fi
py="$venv/bin/python"
echo "==> installing test dependencies"
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt"

echo "==> building the extension (maturin develop)"
profile=()
[ "${WORKFORCE_PY_RELEASE:-0}" = 1 ] && profile=(--release)
(cd "$here" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
  "$venv/bin/maturin" develop --quiet "${profile[@]}")

echo "==> building the command-line tool (for the parity tests)"
(cd "$root" && cargo build --quiet -p workforce-cli)
export WORKFORCE_CLI="${WORKFORCE_CLI:-${CARGO_TARGET_DIR:-$root/target}/debug/workforce}"

echo "==> mypy stubtest"
(cd "$root" && "$py" -m mypy.stubtest workforce --allowlist "$here/stubtest-allowlist.txt")

echo "==> pytest"
cd "$root"
"$py" -m pytest "$here/tests" -q -p no:cacheprovider
