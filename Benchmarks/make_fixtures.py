#!/usr/bin/env python3
"""Writes the .tflite test fixtures under Tests/Fixtures/ from the chapter's MNIST CNN.

Run from anywhere with the TensorFlow venv (takes about a minute on two cores):
    /work/venv-tf/bin/python Benchmarks/make_fixtures.py [--mnist Data/mnist] [--out Tests/Fixtures]

Model: Input 28x28x1 (batch 1, so Flatten becomes one RESHAPE) -> Conv2D(16,3,relu) -> MaxPool(2)
-> Conv2D(32,3,relu) -> MaxPool(2) -> Flatten -> Dense(10, softmax), trained for one epoch on the
first 20 000 training images (pixel/255) with fixed seeds. Written files:

  {f32,f16,dynamic,int8_uint8,int8_int8}.tflite   the five converter variants (TensorFlow 2.21)
  expected_<name>.npy        LiteRT BUILTIN_REF outputs for the first 200 test images, output dtype
  expected_<name>_xnn.npy    the same with the default resolver (optimized kernels + XNNPACK)
  mnist_test_200_images.npy  those 200 images, uint8 [200,28,28]; mnist_test_200_labels.npy uint8 [200]
  chapter_weights.npz        Keras weights: conv1/kernel (HWIO), conv1/bias, conv2/..., dense/kernel [in,out], dense/bias
  intermediates/<name>/t<index>.npy   every tensor of the REF run (constants too) for the first
      few images, stacked on a leading image axis; intermediates/<name>/manifest.txt lists tensors
      (index dtype shape scales zero_points quantized_dimension name) and operators in execution order.
"""
import argparse
import os

import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter, OpResolverType

from litert_eval import DEFAULT_MNIST, load_mnist, quantize_input, run

SEED = 1234
TRAIN_IMAGES = 20000
REPRESENTATIVE_IMAGES = 200
EXPECTED_IMAGES = 200
INTERMEDIATE_IMAGES = {"int8_int8": 3, "dynamic": 1}


def build_model():
    inputs = tf.keras.Input(shape=(28, 28, 1), batch_size=1, name="image")
    x = tf.keras.layers.Conv2D(16, 3, activation="relu", name="conv1")(inputs)
    x = tf.keras.layers.MaxPooling2D(2, name="pool1")(x)
    x = tf.keras.layers.Conv2D(32, 3, activation="relu", name="conv2")(x)
    x = tf.keras.layers.MaxPooling2D(2, name="pool2")(x)
    x = tf.keras.layers.Flatten(name="flatten")(x)
    outputs = tf.keras.layers.Dense(10, activation="softmax", name="dense")(x)
    return tf.keras.Model(inputs, outputs, name="chapter_cnn")


def train(images, labels):
    # Training uses a dynamic batch; the batch-1 model shares its weights.
    inputs = tf.keras.Input(shape=(28, 28, 1))
    batch1 = build_model()
    trainable = tf.keras.Model(inputs, _apply(batch1, inputs))
    trainable.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = (images[:TRAIN_IMAGES].astype(np.float32) / 255.0)[..., None]
    trainable.fit(x, labels[:TRAIN_IMAGES], epochs=1, batch_size=64, shuffle=True, verbose=2)
    return batch1


def _apply(model, inputs):
    x = inputs
    for layer in model.layers[1:]:
        x = layer(x)
    return x


def convert(model, variant, train_images):
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if variant == "f16":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.target_spec.supported_types = [tf.float16]
    elif variant == "dynamic":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    elif variant.startswith("int8"):
        def representative():
            for pixels in train_images[:REPRESENTATIVE_IMAGES]:
                yield [(pixels.astype(np.float32) / 255.0).reshape(1, 28, 28, 1)]
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        io_type = tf.uint8 if variant == "int8_uint8" else tf.int8
        converter.inference_input_type = io_type
        converter.inference_output_type = io_type
    return converter.convert()


def dump_intermediates(model_path, images, directory):
    os.makedirs(directory, exist_ok=True)
    interp = Interpreter(model_path=model_path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                         experimental_preserve_all_tensors=True)
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    details = interp.get_tensor_details()
    stacks = {d["index"]: [] for d in details}
    for pixels in images:
        interp.set_tensor(inp["index"], quantize_input(pixels, inp))
        interp.invoke()
        for d in details:
            try:
                stacks[d["index"]].append(np.array(interp.get_tensor(d["index"])))
            except ValueError:
                pass  # tensors without data (e.g. unused) have nothing to dump
    lines = []
    for d in details:
        index = d["index"]
        if len(stacks[index]) != len(images):
            continue
        np.save(os.path.join(directory, f"t{index}.npy"), np.stack(stacks[index]))
        q = d["quantization_parameters"]
        scales = ",".join(repr(float(s)) for s in q["scales"]) or "-"
        zps = ",".join(str(int(z)) for z in q["zero_points"]) or "-"
        shape = ",".join(str(int(s)) for s in d["shape"]) or "-"
        lines.append(f"tensor {index} {np.dtype(d['dtype']).name} {shape} {scales} {zps} "
                     f"{q['quantized_dimension']} {d['name'].replace(' ', '_')}")
    for op in interp._get_ops_details():
        ins = ",".join(str(int(i)) for i in op["inputs"])
        outs = ",".join(str(int(i)) for i in op["outputs"])
        lines.append(f"op {op['op_name']} {ins} {outs}")
    with open(os.path.join(directory, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mnist", default=DEFAULT_MNIST)
    parser.add_argument("--out", default=os.path.join(here, "..", "Tests", "Fixtures"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    train_images, train_labels = load_mnist(args.mnist, "train")
    test_images, test_labels = load_mnist(args.mnist, "t10k")
    model = train(train_images, train_labels)

    np.savez(os.path.join(args.out, "chapter_weights.npz"),
             **{f"{layer.name}/{w.name}": np.asarray(w.numpy(), dtype=np.float32)
                for layer in model.layers for w in layer.weights})
    subset = test_images[:EXPECTED_IMAGES]
    np.save(os.path.join(args.out, "mnist_test_200_images.npy"), subset)
    np.save(os.path.join(args.out, "mnist_test_200_labels.npy"), test_labels[:EXPECTED_IMAGES])

    for name in ["f32", "f16", "dynamic", "int8_uint8", "int8_int8"]:
        path = os.path.join(args.out, f"{name}.tflite")
        with open(path, "wb") as f:
            f.write(convert(model, name, train_images))
        ref = run(path, subset, "ref")
        xnn = run(path, subset, "xnn")
        np.save(os.path.join(args.out, f"expected_{name}.npy"), ref)
        np.save(os.path.join(args.out, f"expected_{name}_xnn.npy"), xnn)
        accuracy = float(np.mean(np.argmax(ref, axis=1) == test_labels[:EXPECTED_IMAGES]))
        differ = int(np.sum(ref != xnn))
        print(f"{name}: {os.path.getsize(path)} bytes, REF accuracy {accuracy:.3f} on {EXPECTED_IMAGES}, "
              f"REF != XNN at {differ} of {ref.size} outputs")
        if name in INTERMEDIATE_IMAGES:
            dump_intermediates(path, subset[:INTERMEDIATE_IMAGES[name]],
                               os.path.join(args.out, "intermediates", name))


if __name__ == "__main__":
    main()
