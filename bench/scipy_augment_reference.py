#!/usr/bin/env python3
"""The recipe-C augmentation chain with scipy.ndimage, as a Python pipeline would run it, to
compare with ves_bench_augment (bench/augment_bench.cpp): a 2-channel 128^3 float32 image and a
128^3 uint8 label; flips, rotation +-15 deg about each axis, scale 0.9-1.1 (one affine_transform
per channel, cubic for the image, nearest for the label), multiplicative 0.9-1.1, additive
+-0.1, gamma 0.8-1.25 on min-max normalised values, Gaussian noise std <= 0.1, Gaussian blur
sigma 0.5-1.0. Every op runs (p = 1). Needs python3-scipy and python3-numpy (Debian packages);
not a project dependency.

    /usr/bin/python3 bench/scipy_augment_reference.py [--repeats N] [--order 3]
"""
import argparse
import time

import numpy as np
import scipy.ndimage as ndi


def rotation(axis, degrees):
    """Rotation matrix in (z, y, x) array order about array axis `axis`."""
    a = np.deg2rad(degrees)
    c, s = np.cos(a), np.sin(a)
    i, j = [k for k in range(3) if k != axis]
    m = np.eye(3)
    m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
    return m


def augment(image, label, rng, out_shape, order, timings):
    t0 = time.perf_counter()
    # Flips (views), then one affine_transform per channel for rotation + scale.
    image = image[:, ::-1, ::-1, ::-1]
    label = label[::-1, ::-1, ::-1]
    forward = rotation(0, rng.uniform(-15, 15)) @ rotation(1, rng.uniform(-15, 15)) @ rotation(
        2, rng.uniform(-15, 15)) * rng.uniform(0.9, 1.1)
    matrix = np.linalg.inv(forward)  # affine_transform maps output coordinates to input ones
    centre_in = (np.array(label.shape) - 1) / 2.0
    centre_out = (np.array(out_shape) - 1) / 2.0
    offset = centre_in - matrix @ centre_out
    image = np.stack([
        ndi.affine_transform(channel, matrix, offset, output_shape=out_shape, order=order,
                             mode="constant", cval=0.0) for channel in image
    ])
    label = ndi.affine_transform(label, matrix, offset, output_shape=out_shape, order=0,
                                 mode="constant", cval=0)
    t1 = time.perf_counter()
    image *= rng.uniform(0.9, 1.1)
    image += rng.uniform(-0.1, 0.1)
    gamma = rng.uniform(0.8, 1.0) if rng.random() < 0.5 else rng.uniform(1.0, 1.25)
    lo, hi = image.min(), image.max()
    image = ((image - lo) / max(hi - lo, 1e-12)) ** gamma * (hi - lo) + lo
    image += rng.normal(0.0, rng.uniform(0.0, 0.1), image.shape).astype(np.float32)
    sigma = rng.uniform(0.5, 1.0)
    image = np.stack([ndi.gaussian_filter(channel, sigma) for channel in image])
    t2 = time.perf_counter()
    timings["spatial"] += t1 - t0
    timings["intensity"] += t2 - t1
    return image, label


def measure(out_shape, repeats, order):
    rng = np.random.default_rng(1)
    image = rng.standard_normal((2, 128, 128, 128), dtype=np.float32)
    label = (rng.random((128, 128, 128)) > 0.9).astype(np.uint8)
    augment(image, label, rng, out_shape, order, {"spatial": 0.0, "intensity": 0.0})  # warm-up
    totals, spatial = [], []
    for _ in range(repeats):
        timings = {"spatial": 0.0, "intensity": 0.0}
        start = time.perf_counter()
        out_image, out_label = augment(image, label, rng, out_shape, order, timings)
        totals.append(time.perf_counter() - start)
        spatial.append(timings["spatial"])
    assert out_image.shape == (2,) + tuple(out_shape) and out_label.shape == tuple(out_shape)
    median = float(np.median(totals))
    print(f"output {'x'.join(map(str, out_shape))}: median {median:.3f} s/sample "
          f"({1 / median:.2f} samples/s), mean {np.mean(totals):.3f} s, "
          f"spatial median {np.median(spatial):.3f} s "
          f"({100 * np.median(spatial) / median:.0f} %)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--order", type=int, default=3, help="spline order for the image")
    args = parser.parse_args()
    print(f"scipy {__import__('scipy').__version__}, numpy {np.__version__}, "
          f"image order {args.order}, {args.repeats} repeats")
    measure((128, 128, 128), args.repeats, args.order)
    measure((96, 96, 96), args.repeats, args.order)


if __name__ == "__main__":
    main()
