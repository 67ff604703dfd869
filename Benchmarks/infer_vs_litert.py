#!/usr/bin/env python3
"""Single-image inference latency and 10,000-image throughput: LiteRT vs labrun.

Runs the TensorFlow fixtures (Tests/Fixtures/{f32,int8_uint8,dynamic,f16}.tflite) through
LiteRT with its default resolver (XNNPACK delegate where it applies) and with
OpResolverType.BUILTIN_REF, one thread, then through `labrun bench` and `labrun eval`.
Prints µs per single-image invoke and seconds for the 10,000 MNIST test images, with ratios,
and checks that labrun's int8 outputs on all 10,000 images equal LiteRT REF's.

This host's speed drifts by ±30% within minutes, so LiteRT's default path and labrun are
measured in alternating rounds (--rounds, default 5): each round times LiteRT, then labrun,
seconds apart. A figure is the median over the rounds; the ratio is the median of the rounds'
own ratios, with their range. LiteRT REF (slow, and not the speed target) is timed once.

Usage (from the package root; Benchmarks/infer_vs_litert.sh builds labrun first):
    /work/venv-tf/bin/python Benchmarks/infer_vs_litert.py --labrun .build/release/labrun \
        [--mnist Data/mnist] [--runs 1000] [--warmup 100] [--rounds 5]
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


def alternate(rounds, theirs, ours):
    """Runs theirs() then ours() `rounds` times; returns both lists and the per-round ratios."""
    pairs = [(theirs(), ours()) for _ in range(rounds)]
    first = [t for t, _ in pairs]
    second = [o for _, o in pairs]
    ratios = [o / t for t, o in zip(first, second)]
    return first, second, ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labrun", default=os.path.join(ROOT, ".build", "release", "labrun"))
    parser.add_argument("--mnist", default=litert_eval.DEFAULT_MNIST)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data_dir = os.path.dirname(os.path.abspath(args.mnist))
    images, labels = litert_eval.load_mnist(args.mnist, "t10k")

    rows = []
    for name in MODELS:
        path = os.path.join(ROOT, "Tests", "Fixtures", f"{name}.tflite")
        xnn, ours, ratio = alternate(args.rounds,
                                     lambda: litert_latency_us(path, "xnn", images[0], args.warmup, args.runs)[0],
                                     lambda: labrun_bench_us(args.labrun, path, args.warmup, args.runs)[0])
        ref = litert_latency_us(path, "ref", images[0], args.warmup, args.runs)[0]
        xnn10k, ours10k, ratio10k = alternate(args.rounds, lambda: litert_10k_seconds(path, "xnn", images),
                                              lambda: labrun_eval(args.labrun, path, data_dir)[0])
        ref10k = litert_10k_seconds(path, "ref", images)
        accuracy = labrun_eval(args.labrun, path, data_dir)[1]
        rows.append((name, xnn, ref, ours, ratio, xnn10k, ref10k, ours10k, ratio10k))
        print(f"{name}: done ({accuracy})", file=sys.stderr)

    med = lambda xs: float(np.median(xs))
    span = lambda xs: f"{min(xs):.2f}–{max(xs):.2f}"
    print(f"Single-image invoke, 1 thread: median µs, median of {args.rounds} alternating rounds "
          "(ratio = labrun / LiteRT default per round: median, range):")
    print(f"{'model':12} {'LiteRT default':>15} {'LiteRT REF':>11} {'labrun':>8} {'ratio':>7} {'range':>11}")
    for name, xnn, ref, ours, ratio, *_ in rows:
        print(f"{name:12} {med(xnn):15.1f} {ref:11.1f} {med(ours):8.1f} {med(ratio):6.2f}x {span(ratio):>11}")
    print()
    print(f"10,000 MNIST test images, s (LiteRT one by one on 1 thread, labrun eval on all cores; "
          f"median of {args.rounds} alternating rounds):")
    print(f"{'model':12} {'LiteRT default':>15} {'LiteRT REF':>11} {'labrun':>8} {'ratio':>7} {'range':>11} {'labrun range':>14}")
    for name, _, _, _, _, xnn10k, ref10k, ours10k, ratio10k in rows:
        print(f"{name:12} {med(xnn10k):15.3f} {ref10k:11.3f} {med(ours10k):8.3f} {med(ratio10k):6.2f}x "
              f"{span(ratio10k):>11} {min(ours10k):.3f}–{max(ours10k):.3f}")

    # Outputs against LiteRT's reference kernels on all 10,000 images: int8 bit for bit; the
    # dynamic-range files (TensorFlow's and labrun's) within a float rounding.
    print()
    for name in ["int8_uint8", "dynamic", "labrun_dynamic"]:
        ours, theirs = outputs_vs_reference(args.labrun, name, images, data_dir)
        differing = ours != theirs
        diff = np.abs(ours.astype(np.float64) - theirs.astype(np.float64))
        print(f"{name} outputs vs LiteRT BUILTIN_REF on {len(images)} images: {ours.dtype}; "
              f"{int(differing.sum())} differing values in {int(differing.any(axis=1).sum())} images; "
              f"max |diff| {diff.max():.3g}")


def outputs_vs_reference(labrun, name, images, data_dir):
    path = os.path.join(ROOT, "Tests", "Fixtures", f"{name}.tflite")
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "ours.npy")
        labrun_eval(labrun, path, data_dir, dump)
        ours = np.load(dump)
    return ours, litert_eval.run(path, images, "ref")


if __name__ == "__main__":
    main()
