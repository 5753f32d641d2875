#!/usr/bin/python3
"""PyTorch reference for DigitLab's benchmark: the same network (the 784-128-64-10 MLP, or with --arch cnn
the CNN conv5x16,pool2,conv5x32,pool2,dense128,dense10), data, initialisation and optimizer.

Run with Debian's interpreter (apt-get install -y python3-torch libopenblas0-pthread):

    /usr/bin/python3 src/bench/pytorch_mlp.py [--threads N] [--arch mlp|cnn] [--epochs E] [--warmup W]
        [--data DIR] [--json]

Measures, like `digitlab bench`: training throughput (median over the measured epochs of samples/s,
full step: forward, backward, optimizer.step, zero_grad), one-image prediction latency, the time to
evaluate the 10,000 test images, test accuracy and peak resident memory.

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left as the caller set them (compare.sh unsets them, since a
forced core type can select slower kernels); the OpenBLAS core actually in use is reported (on stderr
with --json, so stdout stays one JSON object).
"""
import argparse
import ctypes
import gzip
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def parse_args():
    default_data = os.environ.get("DIGITLAB_DATA") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "digitlab" / "mnist")
    p = argparse.ArgumentParser(description="PyTorch reference benchmark for DigitLab's MNIST MLP.")
    p.add_argument("--threads", type=int, default=1, help="intra-op and BLAS threads (default 1)")
    p.add_argument("--arch", choices=["mlp", "cnn"], default="mlp", help="the network (default mlp)")
    p.add_argument("--epochs", type=int, default=5, help="measured training epochs (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="unmeasured warm-up epochs (default 1)")
    p.add_argument("--data", default=default_data, help="folder with the four MNIST idx files")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    a = p.parse_args()
    if a.threads < 1 or a.epochs < 1 or a.warmup < 0:
        p.error("--threads and --epochs must be >= 1, --warmup >= 0")
    return a


args = parse_args()

# The BLAS and OpenMP pools size themselves when the libraries load, so these must be set before
# `import torch`; torch.set_num_threads below covers PyTorch's own intra-op pool.
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)
# With more than one thread, PyTorch's OpenMP workers spin after each element-wise op while OpenBLAS's
# own pthreads want the same cores for the next matmul: measured here at 2 threads, ~19,000 samples/s
# spinning against ~100,000 with passive waiting. Passive is the fair setting for the reference.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)


def read_idx(folder, name, magic, header):
    """Raw idx file (or name.gz), returned as uint8 numpy array after the header."""
    path = Path(folder) / name
    if path.exists():
        raw = path.read_bytes()
    elif path.with_name(name + ".gz").exists():
        raw = gzip.decompress(path.with_name(name + ".gz").read_bytes())
    else:
        sys.exit(f"error: {path} not found (run `digitlab data`, or pass --data DIR)")
    if int.from_bytes(raw[:4], "big") != magic:
        sys.exit(f"error: {path} is not an idx file of the expected kind")
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


def load(folder, prefix):
    images = read_idx(folder, f"{prefix}-images-idx3-ubyte", 2051, 16)
    labels = read_idx(folder, f"{prefix}-labels-idx1-ubyte", 2049, 8)
    # Pixels as float32 in 0..1, nothing else: exactly what DigitLab feeds its network.
    x = torch.from_numpy(images.reshape(-1, 784).astype(np.float32) / 255.0)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def openblas_info():
    """Core name and config of the OpenBLAS this process loaded (found through /proc/self/maps)."""
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "libopenblas" in line}
    if not libs:
        return "OpenBLAS not loaded (reference BLAS? install libopenblas0-pthread)"
    lib = ctypes.CDLL(sorted(libs)[0])
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    return (f"core={lib.openblas_get_corename().decode()} threads={lib.openblas_get_num_threads()}"
            f" config={lib.openblas_get_config().decode().strip()}"
            f" OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")


def build_model(arch):
    torch.manual_seed(1)
    if arch == "cnn":
        # DigitLab's conv5x16,pool2,conv5x32,pool2,dense128,dense10: rows of 784 pixels viewed as 1x28x28
        model = torch.nn.Sequential(
            torch.nn.Unflatten(1, (1, 28, 28)),
            torch.nn.Conv2d(1, 16, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(16, 32, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(32 * 7 * 7, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 10), torch.nn.LogSoftmax(dim=1))
    else:
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 10), torch.nn.LogSoftmax(dim=1))
    # Same initialisation as DigitLab (weights N(0, 2/fan-in), biases zero), so accuracy is comparable.
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.normal_(m.weight, 0.0, (2.0 / m.in_features) ** 0.5)
            torch.nn.init.zeros_(m.bias)
        elif isinstance(m, torch.nn.Conv2d):
            fan_in = m.in_channels * m.kernel_size[0] * m.kernel_size[1]
            torch.nn.init.normal_(m.weight, 0.0, (2.0 / fan_in) ** 0.5)
            torch.nn.init.zeros_(m.bias)
    return model


def train_epoch(model, opt, x, y, batch):
    """One epoch over a fresh shuffle; the last incomplete batch is dropped, as DigitLab does."""
    perm = torch.randperm(x.shape[0])
    batches = x.shape[0] // batch
    loss_sum = 0.0
    for i in range(batches):
        idx = perm[i * batch:(i + 1) * batch]
        loss = F.nll_loss(model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss_sum += loss.item()
    return batches * batch, loss_sum / batches


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    x_train, y_train = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")
    model = build_model(args.arch)
    # DigitLab's bench trains the CNN at 0.01 (NetworkBench); speed does not depend on the rate
    opt = torch.optim.SGD(model.parameters(), lr=0.05 if args.arch == "mlp" else 0.01, momentum=0.9)

    model.train()
    rates = []
    for epoch in range(args.warmup + args.epochs):
        t = time.perf_counter()
        samples, loss = train_epoch(model, opt, x_train, y_train, 64)
        seconds = time.perf_counter() - t
        measured = epoch >= args.warmup
        if measured:
            rates.append(samples / seconds)
        if not args.json:
            print(f"epoch {epoch + 1}{'' if measured else ' (warm-up)'}: loss {loss:.4f},"
                  f" {seconds:.3f} s, {samples / seconds:,.0f} samples/s")

    model.eval()
    with torch.no_grad():
        # One image, as the Draw view or `predict` would ask: 1x784 in, ten log-probabilities out.
        one = x_test[:1].clone()
        for _ in range(500):
            model(one)
        lat = []
        for _ in range(5000):
            t = time.perf_counter_ns()
            model(one)
            lat.append(time.perf_counter_ns() - t)
        lat.sort()
        lat_median = statistics.median(lat) / 1000
        lat_p99 = lat[int(0.99 * (len(lat) - 1))] / 1000

        # The test set, as one batch and as batches of 1,000 (whichever is faster on this machine).
        def whole():
            return int((model(x_test).argmax(1) == y_test).sum())

        def by_thousand():
            return sum(int((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum())
                       for i in range(0, x_test.shape[0], 1000))

        correct = whole()
        assert by_thousand() == correct
        eval_seconds = min(median_time(whole, 7), median_time(by_thousand, 7))

    result = {
        "train_samples_per_second": round(statistics.median(rates), 1),
        "predict_latency_us_median": round(lat_median, 2),
        "predict_latency_us_p99": round(lat_p99, 2),
        "eval_seconds": round(eval_seconds, 5),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),  # KiB on Linux
        "threads": args.threads,
        "arch": args.arch,
        "torch_version": torch.__version__,
        "test_accuracy": correct / x_test.shape[0],
    }
    if args.json:
        print(json.dumps(result))
        print(f"openblas: {openblas_info()}", file=sys.stderr)
    else:
        print(f"torch {result['torch_version']}, {args.threads} thread(s); openblas: {openblas_info()}")
        print(f"training:   {result['train_samples_per_second']:,.0f} samples/s"
              f" (median of {args.epochs} epochs after {args.warmup} warm-up)")
        print(f"predict:    {result['predict_latency_us_median']:.1f} µs median,"
              f" {result['predict_latency_us_p99']:.1f} µs p99 (one image)")
        print(f"eval:       {result['eval_seconds'] * 1000:.1f} ms for {x_test.shape[0]:,} test images,"
              f" accuracy {result['test_accuracy']:.2%}")
        print(f"peak RSS:   {result['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
