#!/usr/bin/env python3
"""Run a .tflite model in LiteRT on MNIST test images and save its outputs as .npy.

Usage (from the package root, with the TensorFlow venv):
    /work/venv-tf/bin/python Benchmarks/litert_eval.py Tests/Fixtures/int8_uint8.tflite \
        --images 10000 --out /tmp/int8_uint8_ref.npy [--resolver ref|xnn] [--mnist Data/mnist]

Images are fed as pixel/255 in float32; integer inputs are quantized with the input
tensor's scale and zero point (round to nearest, then clamp), as the chapter does.
The outputs keep the output tensor's dtype. The default resolver is BUILTIN_REF, the
reference kernels that labrun's int8 kernels reproduce bit for bit.
"""
import argparse
import os
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

DEFAULT_MNIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Data", "mnist")


def load_idx(path):
    """Reads a raw (uncompressed) IDX file into a numpy array."""
    with open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    return np.frombuffer(data, dtype=np.uint8, count=int(np.prod(dims)), offset=offset).reshape(dims)


def load_mnist(directory, split):
    """Returns (images uint8 [N,28,28], labels uint8 [N]) for split 'train' or 't10k'."""
    images = load_idx(os.path.join(directory, f"{split}-images.idx3-ubyte"))
    labels = load_idx(os.path.join(directory, f"{split}-labels.idx1-ubyte"))
    return images, labels


def make_interpreter(model_path, resolver):
    kind = OpResolverType.BUILTIN_REF if resolver == "ref" else OpResolverType.AUTO
    return Interpreter(model_path=model_path, experimental_op_resolver_type=kind)


def quantize_input(pixels, detail):
    """pixels: uint8 [28,28]. Returns the model input for one image with batch 1."""
    x = (pixels.astype(np.float32) / np.float32(255.0)).reshape(detail["shape"])
    dtype = detail["dtype"]
    if dtype == np.float32:
        return x
    scale, zero_point = detail["quantization"]
    info = np.iinfo(dtype)
    q = np.round(x / np.float32(scale)) + zero_point
    return np.clip(q, info.min, info.max).astype(dtype)


def run(model_path, images, resolver="ref"):
    """Runs the model image by image; returns outputs stacked as [N, ...] in the output dtype."""
    interp = make_interpreter(model_path, resolver)
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    out = interp.get_output_details()[0]
    results = np.zeros((len(images),) + tuple(out["shape"][1:]), dtype=out["dtype"])
    for i, pixels in enumerate(images):
        interp.set_tensor(inp["index"], quantize_input(pixels, inp))
        interp.invoke()
        results[i] = interp.get_tensor(out["index"])[0]
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("--images", type=int, default=10000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--resolver", choices=["ref", "xnn"], default="ref")
    parser.add_argument("--mnist", default=DEFAULT_MNIST)
    args = parser.parse_args()
    images, _ = load_mnist(args.mnist, "t10k")
    if not 0 < args.images <= len(images):
        sys.exit(f"error: --images must be in 1...{len(images)}")
    outputs = run(args.model, images[: args.images], args.resolver)
    np.save(args.out, outputs)
    print(f"wrote {args.out}: {outputs.shape} {outputs.dtype}")


if __name__ == "__main__":
    main()
