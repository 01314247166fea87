#!/usr/bin/env python3
"""Reference values of the `deepmind` convention for surface_elements_test.cpp, computed the way
google-deepmind/surface-distance computes them (numpy + scipy: 2x2x2 corner codes by correlation
on the mask cropped to its bounding box plus one zero layer, exact Euclidean distance maps with
the spacing, area-weighted means, percentiles and surface Dice). Independent of the C++ code
except for the per-code triangle area vectors, read from src/lib/surfel_normals.inc.

Usage: /usr/bin/python3 plugins/metrics/tests/lib/reference/deepmind_reference.py
"""
import pathlib
import re

import numpy as np
from scipy import ndimage

HERE = pathlib.Path(__file__).resolve().parent
TABLE = HERE.parents[2] / "src" / "lib" / "surfel_normals.inc"


def area_vectors():
    rows = [line for line in TABLE.read_text().splitlines() if line.startswith("{")]
    assert len(rows) == 256
    return [
        [tuple(int(v) / 8.0 for v in t) for t in re.findall(r"\{(\d+), (\d+), (\d+)\}", row)]
        for row in rows
    ]


def code_areas(spacing):
    face = (spacing[1] * spacing[2], spacing[0] * spacing[2], spacing[0] * spacing[1])
    return np.array([sum(np.linalg.norm([t[d] * face[d] for d in range(3)]) for t in tris)
                     for tris in area_vectors()])


def surface(mask_a, mask_b, spacing):
    both = mask_a | mask_b
    lo = np.argwhere(both).min(axis=0)
    hi = np.argwhere(both).max(axis=0)
    kernel = np.array([[[128, 64], [32, 16]], [[8, 4], [2, 1]]])
    areas = code_areas(spacing)
    out = []
    for m in (mask_a, mask_b):
        crop = np.zeros(hi - lo + 2, np.uint8)
        crop[:-1, :-1, :-1] = m[lo[0]:hi[0] + 1, lo[1]:hi[1] + 1, lo[2]:hi[2] + 1]
        code = ndimage.correlate(crop, kernel, mode="constant", cval=0)
        border = (code != 0) & (code != 255)
        out.append((code, border, areas[code]))
    (_, border_a, area_a), (_, border_b, area_b) = out
    dist_to_a = ndimage.distance_transform_edt(~border_a, sampling=spacing)
    dist_to_b = ndimage.distance_transform_edt(~border_b, sampling=spacing)
    return (dist_to_b[border_a], area_a[border_a]), (dist_to_a[border_b], area_b[border_b])


def percentile(d, a, p):
    order = np.argsort(d)
    d, a = d[order], a[order]
    cum = np.cumsum(a) / np.sum(a)
    return d[min(np.searchsorted(cum, p / 100.0), len(d) - 1)]


def metrics(pred, ref, spacing, tolerance):
    (d_p, a_p), (d_r, a_r) = surface(pred, ref, spacing)
    return {
        "hd": max(d_p.max(), d_r.max()),
        "hd95": max(percentile(d_p, a_p, 95), percentile(d_r, a_r, 95)),
        "asd_pred_to_ref": np.sum(d_p * a_p) / np.sum(a_p),
        "asd_ref_to_pred": np.sum(d_r * a_r) / np.sum(a_r),
        "assd": (np.sum(d_p * a_p) + np.sum(d_r * a_r)) / (np.sum(a_p) + np.sum(a_r)),
        "nsd": (np.sum(a_p[d_p <= tolerance]) + np.sum(a_r[d_r <= tolerance]))
        / (np.sum(a_p) + np.sum(a_r)),
    }


def ellipsoids():
    """The masks of the C++ test, array indexed [x, y, z]."""
    x, y, z = np.meshgrid(np.arange(40), np.arange(36), np.arange(30), indexing="ij")
    ref = (x - 18) ** 2 * 64 * 25 + (y - 17) ** 2 * 100 * 25 + (z - 14) ** 2 * 100 * 64 <= 100 * 64 * 25
    pred = (x - 20) ** 2 * 81 * 16 + (y - 16) ** 2 * 81 * 16 + (z - 15) ** 2 * 81 * 81 <= 81 * 81 * 16
    pred &= (x * 7 + y * 3 + z * 5) % 13 != 0
    return pred, ref


if __name__ == "__main__":
    pred, ref = ellipsoids()
    print("ellipsoids, spacing (0.8, 1.0, 2.5), tolerance 2 mm")
    for k, v in metrics(pred, ref, (0.8, 1.0, 2.5), 2.0).items():
        print(f"  {k}: {v!r}")
