#!/bin/sh
# Inference latency and throughput, LiteRT vs labrun, on the TensorFlow fixtures.
# Builds labrun in release, then runs Benchmarks/infer_vs_litert.py (see its docstring).
#   Benchmarks/infer_vs_litert.sh [--runs 1000] [--warmup 100] [--rounds 5] [--mnist Data/mnist]
# Needs a Python with ai-edge-litert and numpy: $PYTHON, else /work/venv-tf/bin/python, else python3.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-/work/venv-tf/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
swift build -c release --product labrun
MNIST="${LABRUN_DATA:-Data}/mnist"
exec "$PYTHON" Benchmarks/infer_vs_litert.py --labrun .build/release/labrun --mnist "$MNIST" "$@"
