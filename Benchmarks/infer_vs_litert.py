#!/usr/bin/env python3
"""Single-image inference latency and 10,000-image throughput: LiteRT vs labrun.

Runs the TensorFlow fixtures (Tests/Fixtures/{f32,int8_uint8,dynamic,f16}.tflite) through
LiteRT with its default resolver (XNNPACK delegate where it applies) and with
OpResolverType.BUILTIN_REF, one thread, then through `labrun bench` and `labrun eval`.
Prints µs per single-image invoke and seconds for the 10,000 MNIST test images, with ratios,
and checks that labrun's int8 outputs on all 10,000 images equal LiteRT REF's.

Usage (from the package root; Benchmarks/infer_vs_litert.sh builds labrun first):
    /work/venv-tf/bin/python Benchmarks/infer_vs_litert.py --labrun .build/release/labrun \
        [--mnist Data/mnist] [--runs 1000] [--warmup 100]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import litert_eval  # noqa: E402  (MNIST loading and input quantization shared with the eval check)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODELS = ["f32", "int8_uint8", "dynamic", "f16"]


def litert(model_path, resolver):
    kind = OpResolverType.BUILTIN_REF if resolver == "ref" else OpResolverType.AUTO
    interp = Interpreter(model_path=model_path, experimental_op_resolver_type=kind, num_threads=1)
    interp.allocate_tensors()
    return interp


def litert_latency_us(model_path, resolver, image, warmup, runs):
    """Median and mean µs of one invoke (input set once, as labrun bench does)."""
    interp = litert(model_path, resolver)
    inp = interp.get_input_details()[0]
    interp.set_tensor(inp["index"], litert_eval.quantize_input(image, inp))
    for _ in range(warmup):
        interp.invoke()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        interp.invoke()
        samples.append((time.perf_counter_ns() - t0) / 1000)
    return float(np.median(samples)), float(np.mean(samples))


def litert_10k_seconds(model_path, resolver, images):
    """Seconds to classify the images one by one (inputs prepared beforehand; set, invoke, read)."""
    interp = litert(model_path, resolver)
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    inputs = [litert_eval.quantize_input(im, inp) for im in images]
    t0 = time.perf_counter()
    for x in inputs:
        interp.set_tensor(inp["index"], x)
        interp.invoke()
        interp.get_tensor(out["index"])
    return time.perf_counter() - t0


def labrun_bench_us(labrun, model_path, warmup, runs):
    out = subprocess.run([labrun, "bench", model_path, "--runs", str(runs), "--warmup", str(warmup)],
                         check=True, capture_output=True, text=True).stdout
    figures = dict(re.findall(r"^(\w+) ([\d,.]+) µs$", out, re.M))
    return float(figures["median"].replace(",", "")), float(figures["mean"].replace(",", ""))


def labrun_eval(labrun, model_path, data_dir, dump=None):
    """(seconds, accuracy line) of `labrun eval` over the 10,000 test images (both cores)."""
    args = [labrun, "eval", model_path, "--dataset", "mnist", "--data-dir", data_dir]
    if dump:
        args += ["--dump-outputs", dump]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    seconds = float(re.search(r" in ([\d.]+) s", out).group(1))
    return seconds, out.splitlines()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labrun", default=os.path.join(ROOT, ".build", "release", "labrun"))
    parser.add_argument("--mnist", default=litert_eval.DEFAULT_MNIST)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()
    data_dir = os.path.dirname(os.path.abspath(args.mnist))
    images, labels = litert_eval.load_mnist(args.mnist, "t10k")

    rows = []
    for name in MODELS:
        path = os.path.join(ROOT, "Tests", "Fixtures", f"{name}.tflite")
        xnn = litert_latency_us(path, "xnn", images[0], args.warmup, args.runs)
        ref = litert_latency_us(path, "ref", images[0], args.warmup, args.runs)
        ours = labrun_bench_us(args.labrun, path, args.warmup, args.runs)
        xnn10k = litert_10k_seconds(path, "xnn", images)
        ref10k = litert_10k_seconds(path, "ref", images)
        ours10k, accuracy = labrun_eval(args.labrun, path, data_dir)
        rows.append((name, xnn, ref, ours, xnn10k, ref10k, ours10k, accuracy))
        print(f"{name}: done ({accuracy})", file=sys.stderr)

    print("Single-image invoke, 1 thread (median / mean µs; ratio = labrun median / LiteRT default median):")
    print(f"{'model':12} {'LiteRT default':>16} {'LiteRT REF':>16} {'labrun':>16} {'ratio':>7}")
    for name, xnn, ref, ours, *_ in rows:
        print(f"{name:12} {xnn[0]:7.1f} / {xnn[1]:6.1f} {ref[0]:7.1f} / {ref[1]:6.1f} {ours[0]:7.1f} / {ours[1]:6.1f} "
              f"{ours[0] / xnn[0]:6.2f}x")
    print()
    print("10,000 MNIST test images (s; LiteRT one by one on 1 thread, labrun eval one by one on all cores):")
    print(f"{'model':12} {'LiteRT default':>15} {'LiteRT REF':>11} {'labrun':>8} {'ratio':>7}")
    for name, _, _, _, xnn10k, ref10k, ours10k, _ in rows:
        print(f"{name:12} {xnn10k:15.3f} {ref10k:11.3f} {ours10k:8.3f} {ours10k / xnn10k:6.2f}x")

    # Bit-exactness of the int8 model against LiteRT's reference kernels on all 10,000 images.
    path = os.path.join(ROOT, "Tests", "Fixtures", "int8_uint8.tflite")
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "ours.npy")
        labrun_eval(args.labrun, path, data_dir, dump)
        ours = np.load(dump)
    theirs = litert_eval.run(path, images, "ref")
    differing = ours != theirs
    print()
    print(f"int8_uint8 outputs vs LiteRT BUILTIN_REF on {len(images)} images: shape {ours.shape} {ours.dtype} vs "
          f"{theirs.shape} {theirs.dtype}; {int(differing.sum())} differing values in "
          f"{int(differing.any(axis=1).sum())} images; max |diff| {int(np.abs(ours.astype(int) - theirs.astype(int)).max())}")


if __name__ == "__main__":
    main()
