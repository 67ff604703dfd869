#!/usr/bin/env python3
"""Runs the HARD_SWISH models of Tests/Fixtures/hard_swish/ (written by labrun's LiteFormat writer,
see Tests/LiteRuntimeTests/HardSwishTests.swift) in LiteRT with the reference kernels
(OpResolverType.BUILTIN_REF) and saves each output as expected_<name>.npy beside the model.

Inputs: float.tflite gets -8 ... 8 in steps of 0.1 (161 float32 values, computed in float32 as the
Swift test does); int8 models get all 256 int8 values, -128 ... 127.

Usage: ./.venv/bin/python Tests/Interop/make_hard_swish_fixtures.py
"""
import glob
import os

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

DIRECTORY = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "hard_swish")


def main():
    for path in sorted(glob.glob(os.path.join(DIRECTORY, "*.tflite"))):
        name = os.path.splitext(os.path.basename(path))[0]
        interp = Interpreter(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
        interp.allocate_tensors()
        inp = interp.get_input_details()[0]
        out = interp.get_output_details()[0]
        if inp["dtype"] == np.float32:
            x = np.float32(-8) + np.arange(161, dtype=np.float32) * np.float32(0.1)
        else:
            x = np.arange(-128, 128).astype(np.int8)
        interp.set_tensor(inp["index"], x.reshape(inp["shape"]))
        interp.invoke()
        np.save(os.path.join(DIRECTORY, f"expected_{name}.npy"), interp.get_tensor(out["index"]).reshape(-1))
        print(f"{name}: {out['dtype'].__name__} {out['shape']}")


if __name__ == "__main__":
    main()
