#!/usr/bin/env bash
# Retrain every event model from the event corpus's TRAIN split, in the order they depend on each other:
#   0. the trigger encoder      scripts/trigger_items.py, scripts/train_trigger_encoder.py --cv and --out
#      -> data/events/trigger_encoder.npz (PyTorch: TORCH_PYTHON, a venv as data/modality/README.md
#      describes; its out-of-fold file gives the gate its two trigger columns in step 2)
#   1. the role assigner        scripts/train_event_roles.py -> data/events/event_roles.{npz,json}
#   2. the precision gate       scripts/train_event_gate.py  -> data/events/event_gate.{npz,json}
#      (its CV folds re-derive role models with the C, data and priors step 1 chose, and its
#      features hold the roles' choices and probabilities: it must follow step 1)
#   3. the learned type stage   scripts/train_event_model.py -> data/events/event_model.{npz,json}
#      (`--learned` only; it reads the lexicon's own events with gate and roles off, so it depends
#      on the corpus and the lexicon but on neither model above; skip it with --no-learned)
# Caches go to a fresh directory each run (the parse takes about a minute): a parse made before a
# change to the corpus or to the actor / coref / event code would code the documents as they were.
# The test split is never read. Usage, from the repository root:
#   scripts/retrain_events.sh [--shared ../shared] [--no-learned]
# PYTHON (default .venv/bin/python) and OMP_NUM_THREADS (default 1) are taken from the environment.
set -euo pipefail
shared=../shared
learned=1
while [ $# -gt 0 ]; do
  case "$1" in
    --shared) shared="$2"; shift 2 ;;
    --no-learned) learned=0; shift ;;
    *) echo "usage: $0 [--shared DIR] [--no-learned]" >&2; exit 2 ;;
  esac
done
python=${PYTHON:-.venv/bin/python}
torch_python=${TORCH_PYTHON:?TORCH_PYTHON: a Python with PyTorch for the trigger encoder (data/modality/README.md)}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} PYTHONPATH=src${PYTHONPATH:+:$PYTHONPATH}
work=$(mktemp -d "${TMPDIR:-/tmp}/whimbrel_retrain.XXXXXX")
echo "caches in $work"
nice -n 10 "$python" scripts/trigger_items.py --shared "$shared" --out "$work/trigger_items.json"
trigger="--items $work/trigger_items.json --layers 3 --lr 1e-4 --epochs 3"
PYTHONPATH=src:scripts nice -n 10 "$torch_python" scripts/train_trigger_encoder.py $trigger --cv "$work/trigger_oof.npz"
PYTHONPATH=src:scripts nice -n 10 "$torch_python" scripts/train_trigger_encoder.py $trigger \
  --out src/whimbrel/data/events/trigger_encoder.npz
nice -n 10 "$python" scripts/train_event_roles.py --shared "$shared" --cache "$work/parsed.pkl"
nice -n 10 "$python" scripts/train_event_gate.py --shared "$shared" --cache "$work/parsed.pkl" --draws 5 \
  --trigger-oof "$work/trigger_items.json" "$work/trigger_oof.npz" L3_lr0.0001_e3
if [ "$learned" = 1 ]; then
  nice -n 10 "$python" scripts/train_event_model.py --shared "$shared" --cache "$work/learned_features.pkl"
fi
echo "done; caches left in $work (remove when no longer needed)"
