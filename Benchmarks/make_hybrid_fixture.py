#!/usr/bin/env python3
"""Writes the hybrid-kernel tie fixture: MNIST test images on which the dynamic-range models'
per-image input quantization meets rounding ties, and LiteRT BUILTIN_REF's outputs on them.

Usage (from the repository root, with the venv of `make test` and the data of `labrun data fetch`):
    .venv/bin/python Benchmarks/make_hybrid_fixture.py

The image indices were found by running all 10,000 test images through labrun before and after
the hybrid rounding fix (`labrun eval MODEL --dump-outputs`) and keeping those whose outputs moved.
Writes Tests/Fixtures/hybrid_ties_images.npy (uint8, N×28×28) and
Tests/Fixtures/expected_hybrid_ties_{dynamic,labrun_dynamic}.npy (float32, N×10).
"""
import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

TENSORFLOW_TIES = [890, 1060, 1489, 1633, 1658, 1763, 1765, 1878, 1981, 2008]
LABRUN_TIES = [92, 301, 495, 781, 1107, 1447, 1956, 2123, 2351, 2867]
FIXTURES = "Tests/Fixtures"


def mnist_test_images():
    raw = open("Data/mnist/t10k-images.idx3-ubyte", "rb").read()
    return np.frombuffer(raw[16:], dtype=np.uint8).reshape(-1, 28, 28)


def reference_outputs(model, images):
    interp = Interpreter(model_path=f"{FIXTURES}/{model}.tflite",
                         experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interp.allocate_tensors()
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    results = []
    for image in images:
        interp.set_tensor(inp["index"], (image.astype(np.float32) / np.float32(255)).reshape(inp["shape"]))
        interp.invoke()
        results.append(interp.get_tensor(out["index"])[0].copy())
    return np.stack(results).astype(np.float32)


def main():
    images = mnist_test_images()[TENSORFLOW_TIES + LABRUN_TIES]
    np.save(f"{FIXTURES}/hybrid_ties_images.npy", images)
    for model in ["dynamic", "labrun_dynamic"]:
        np.save(f"{FIXTURES}/expected_hybrid_ties_{model}.npy", reference_outputs(model, images))


if __name__ == "__main__":
    main()
