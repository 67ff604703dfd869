#!/usr/bin/env bash
# Keras vs labrun training, back to back: accuracy, images/s, ratio, peak memory.
#   Benchmarks/train_vs_keras.sh [--dataset mnist|fashion-mnist] [--epochs 5] [--seed 42]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-/work/venv-tf/bin/python}"
swift build -c release --product TrainBench >&2
exec "$PYTHON" Benchmarks/train_vs_keras.py compare "$@"
