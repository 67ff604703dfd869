#!/usr/bin/env python3
"""Trains the chapter's MNIST CNN in Keras and in labrun back to back, with the same recipe
(Glorot-uniform, Adam 0.001, batch 32, validation_split 0.1, shuffle every epoch), and prints
test accuracy, images/s of each, their ratio and peak memory. Also checks that labrun, given the
Keras model's weights as .npz, reproduces Keras's outputs (max |difference| <= 1e-5), and that
numpy reads the .npz labrun writes.

    Benchmarks/train_vs_keras.sh [--dataset mnist|fashion-mnist] [--epochs 5] [--seed 42]

Data: $LABRUN_DATA (default Data/) for MNIST; Fashion-MNIST from /usr/share/datasets/fashion-mnist.
Needs the TensorFlow venv (/work/venv-tf) and a release build of TrainBench (the .sh does both).
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BENCH = os.environ.get("TRAINBENCH", os.path.join(ROOT, ".build", "release", "TrainBench"))
DATA = os.environ.get("LABRUN_DATA", os.path.join(ROOT, "Data"))
FILES = {
    "mnist": (os.path.join(DATA, "mnist"), "{}-images.idx3-ubyte", "{}-labels.idx1-ubyte"),
    "fashion-mnist": ("/usr/share/datasets/fashion-mnist", "{}-images-idx3-ubyte.gz", "{}-labels-idx1-ubyte.gz"),
}


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(dataset, split):
    directory, images, labels = FILES[dataset]
    name = "train" if split == "train" else "t10k"
    return read_idx(os.path.join(directory, images.format(name))), read_idx(os.path.join(directory, labels.format(name)))


def keras_run(args):
    """Runs in a child process (so /usr/bin/time measures Keras alone)."""
    import tensorflow as tf
    tf.keras.utils.set_random_seed(args.seed)
    (x, y), (xt, yt) = load(args.dataset, "train"), load(args.dataset, "test")
    x = (x.astype("float32") / 255.0)[..., None]
    xt = (xt.astype("float32") / 255.0)[..., None]
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28, 1)),
        tf.keras.layers.Conv2D(16, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Conv2D(32, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x, y, epochs=args.epochs, batch_size=32, validation_split=0.1, verbose=2)
    seconds = time.perf_counter() - start
    _, accuracy = model.evaluate(xt, yt, verbose=0)
    trained = int(len(x) * 0.9) * args.epochs
    print(f"keras: test_accuracy {accuracy:.4f}")
    print(f"keras: fit {seconds:.2f} s, {trained / seconds:.0f} images/s")
    # Weights by layer name, Keras layouts (HWIO, [in, out]), and outputs for the first 200 test images.
    np.savez(args.weights, **{w.path: w.numpy() for w in model.weights})
    np.save(args.images, (xt[:200, :, :, 0] * 255).round().astype(np.uint8))
    np.save(args.outputs, model.predict(xt[:200], verbose=0))


def timed(command):
    """Runs a command under /usr/bin/time -v; returns (stdout, peak RSS in MB)."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit(f"failed: {' '.join(command)}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return result.stdout, int(peak.group(1)) / 1024 if peak else float("nan")


def figure(pattern, text):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", nargs="?", default="compare", choices=["compare", "keras"])
    parser.add_argument("--dataset", default="mnist", choices=sorted(FILES))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--weights"), parser.add_argument("--images"), parser.add_argument("--outputs")
    args = parser.parse_args()
    if args.mode == "keras":
        return keras_run(args)

    tmp = tempfile.mkdtemp(prefix="train_vs_keras_")
    paths = {k: os.path.join(tmp, f) for k, f in
             [("weights", "keras.npz"), ("images", "images.npy"), ("outputs", "keras_out.npy"),
              ("ours", "labrun_out.npy"), ("saved", "labrun.npz")]}
    common = ["--dataset", args.dataset, "--epochs", str(args.epochs), "--seed", str(args.seed)]
    print(f"== Keras ({args.dataset}, {args.epochs} epochs, seed {args.seed})")
    keras_out, keras_mb = timed([sys.executable, __file__, "keras", *common, "--weights", paths["weights"],
                                 "--images", paths["images"], "--outputs", paths["outputs"]])
    print(f"== labrun")
    data = DATA if args.dataset == "mnist" else "/usr/share/datasets"
    ours_out, ours_mb = timed([BENCH, *common, "--data", data, "--save-weights", paths["saved"]])

    # labrun with Keras's weights gives Keras's outputs.
    subprocess.run([BENCH, "--predict", paths["weights"], paths["images"], paths["ours"]], check=True, capture_output=True)
    difference = np.abs(np.load(paths["ours"]) - np.load(paths["outputs"])).max()
    # numpy opens what labrun wrote.
    saved = np.load(paths["saved"])
    shapes = {k: saved[k].shape for k in saved.files}

    keras_ips = figure(r"keras: fit [\d.]+ s, (\d+) images/s", keras_out)
    ours_ips = figure(r"labrun: fit [\d.]+ s, (\d+) images/s", ours_out)
    print()
    print(f"{'':8} {'test acc':>9} {'fit s':>8} {'images/s':>9} {'peak MB':>8}")
    rows = [("keras", keras_out, keras_ips, keras_mb), ("labrun", ours_out, ours_ips, ours_mb)]
    for name, out, ips, mb in rows:
        accuracy = figure(r"test_accuracy ([\d.]+)", out)
        seconds = figure(r"fit ([\d.]+) s", out)
        print(f"{name:8} {accuracy:9.4f} {seconds:8.1f} {ips:9.0f} {mb:8.0f}")
    print(f"speed ratio labrun/keras: {ours_ips / keras_ips:.2f}x")
    print(f"Keras weights in labrun: max |output difference| over 200 test images = {difference:.2e} "
          f"({'OK' if difference <= 1e-5 else 'ABOVE 1e-5'})")
    print(f"numpy reads labrun's .npz: {shapes}")


if __name__ == "__main__":
    main()
