#!/usr/bin/env python3
"""Runs a .tflite model in LiteRT, one sample at a time, and saves the outputs as .npy.

Usage:
    python Tests/Interop/litert_run.py MODEL.tflite INPUTS.npy OUT.npy [--ref]

INPUTS.npy holds N samples stacked on a leading axis; each sample has the model input's
shape without its batch dimension of 1 (or with it). Samples whose dtype differs from the
input tensor's are float values: they are quantized with the input's scale and zero point
(round half away from zero, as the reference QUANTIZE does, then clamp).
OUT.npy gets the first output, [N, ...] in the output tensor's dtype.
--ref uses the reference kernels (OpResolverType.BUILTIN_REF), the ones labrun's int8
kernels reproduce bit for bit; without it LiteRT's default resolver runs (XNNPACK).
Exit status 0 on success; 1 with a message on stderr if the model does not load or run.
"""
import argparse
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType


def to_input(sample, detail):
    shape = tuple(detail["shape"])
    dtype = detail["dtype"]
    if sample.dtype == dtype:
        return sample.reshape(shape)
    x = sample.astype(np.float32).reshape(shape)
    if dtype == np.float32:
        return x
    scale, zero_point = detail["quantization"]
    q = x / np.float32(scale)
    q = np.sign(q) * np.floor(np.abs(q) + np.float32(0.5)) + zero_point
    info = np.iinfo(dtype)
    return np.clip(q, info.min, info.max).astype(dtype)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("inputs")
    parser.add_argument("out")
    parser.add_argument("--ref", action="store_true", help="use the reference kernels (BUILTIN_REF)")
    args = parser.parse_args()
    kind = OpResolverType.BUILTIN_REF if args.ref else OpResolverType.AUTO
    try:
        interp = Interpreter(model_path=args.model, experimental_op_resolver_type=kind)
        interp.allocate_tensors()
    except Exception as error:  # LiteRT raises ValueError/RuntimeError with its own message
        print(f"{args.model}: LiteRT could not load the model: {error}", file=sys.stderr)
        return 1
    inp = interp.get_input_details()[0]
    out = interp.get_output_details()[0]
    samples = np.load(args.inputs)
    results = np.zeros((len(samples),) + tuple(out["shape"][1:]), dtype=out["dtype"])
    for i, sample in enumerate(samples):
        interp.set_tensor(inp["index"], to_input(sample, inp))
        interp.invoke()
        results[i] = interp.get_tensor(out["index"])[0]
    np.save(args.out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
