#!/usr/bin/env python3
"""scipy reference of bench/metrics_bench.cpp: Dice + lesion F1 + HD95 + ASSD (metricsreloaded
definitions) on the same ellipsoid pairs, cropped to the union bounding box as DeepMind's
surface-distance code does. Needs python3-numpy and python3-scipy (Debian), not a build
dependency. Prints seconds per case (best of `repeats`) and the values, to compare with
`build/bin/ves_bench_metrics`.

    /usr/bin/python3 bench/scipy_metrics_reference.py [repeats]
"""
import pathlib
import sys
import time

import numpy as np
from scipy import ndimage

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "plugins" / "metrics" /
                       "tests" / "lib" / "reference"))
import deepmind_reference  # noqa: E402  surface-distance's algorithm in numpy/scipy

SPACING = (1.5, 0.8, 0.8)  # z, y, x (arrays are [z, y, x], x fastest as in the C++ bench)


def ellipsoid(shape, centre, radii):
    z, y, x = np.ogrid[:shape[0], :shape[1], :shape[2]]
    return ((x - centre[0]) / radii[0]) ** 2 + ((y - centre[1]) / radii[1]) ** 2 + \
        ((z - centre[2]) / radii[2]) ** 2 <= 1.0


def metrics(pred, ref, convention="metricsreloaded"):
    tp = np.count_nonzero(pred & ref)
    dice = 2 * tp / (np.count_nonzero(pred) + np.count_nonzero(ref))
    # Crop to the union bounding box.
    union = pred | ref
    box = ndimage.find_objects(union.astype(np.uint8))[0]
    p, r = pred[box], ref[box]
    # Lesion F1 (ISLES'22) with 26-connectivity.
    structure = np.ones((3, 3, 3), bool)
    ref_labels, n_ref = ndimage.label(r, structure)
    pred_labels, n_pred = ndimage.label(p, structure)
    hit_ref = np.unique(ref_labels[p & (ref_labels > 0)])
    hit_pred = np.unique(pred_labels[r & (pred_labels > 0)])
    l_tp, l_fn, l_fp = hit_ref.size, n_ref - hit_ref.size, n_pred - hit_pred.size
    f1 = l_tp / (l_tp + (l_fp + l_fn) / 2) if n_ref + n_pred else 1.0
    if convention == "deepmind":  # arrays are [z, y, x]: give surface-distance [x, y, z]
        d = deepmind_reference.metrics(p.T, r.T, SPACING[::-1], 1.0)
        return dice, f1, d["hd95"], d["assd"]
    # Borders and distances (padding keeps the image edge as background, as in the C++ code).
    cross = ndimage.generate_binary_structure(3, 1)
    bp = p & ~ndimage.binary_erosion(p, cross, border_value=0)
    br = r & ~ndimage.binary_erosion(r, cross, border_value=0)
    d_pr = ndimage.distance_transform_edt(~br, sampling=SPACING)[bp]
    d_rp = ndimage.distance_transform_edt(~bp, sampling=SPACING)[br]
    hd95 = max(np.percentile(d_pr, 95), np.percentile(d_rp, 95))
    assd = (d_pr.sum() + d_rp.sum()) / (d_pr.size + d_rp.size)
    return dice, f1, hd95, assd


def main(repeats):
    for shape_xyz in [(128, 128, 128), (256, 256, 256), (512, 512, 300)]:
        shape = shape_xyz[::-1]
        c_ref = [n / 2 for n in shape_xyz]
        r_ref = [0.3 * n for n in shape_xyz]
        c_pred = [shape_xyz[a] / 2 + 3 - a for a in range(3)]
        r_pred = [0.28 * n for n in shape_xyz]
        ref, pred = ellipsoid(shape, c_ref, r_ref), ellipsoid(shape, c_pred, r_pred)
        for convention in ("metricsreloaded", "deepmind"):
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                values = metrics(pred, ref, convention)
                best = min(best, time.perf_counter() - start)
            print(f"{'x'.join(map(str, shape_xyz))} {convention}: {best:.3f} s  "
                  f"dice {values[0]:.6f} lesion_f1 {values[1]:.3f} hd95 {values[2]:.6f} "
                  f"assd {values[3]:.6f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
