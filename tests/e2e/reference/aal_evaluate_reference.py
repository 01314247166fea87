#!/usr/bin/env python3
"""Independent reference values for VhostEvaluate.ScoresRealAalRegionsAgainstShiftedAndDilatedCopies.

Run by hand (needs python3-numpy, python3-scipy, python3-nibabel), not by CI:
    /usr/bin/python3 tests/e2e/reference/aal_evaluate_reference.py /usr/share/mricron/templates/aal.nii.gz

It builds the same two cases as the test with numpy/scipy only (no Vesalius code) and prints the
metrics under the metricsreloaded convention: border = mask minus its 6-neighbour erosion (voxels
outside the image are background), exact Euclidean distances in mm (scipy's EDT with spacing),
HD95 = max of the two directed 95th percentiles (numpy linear interpolation), ASSD pooled, MASD
mean of the directed means, NSD = border voxels within 1 mm over all border voxels; lesions are
26-connected components (ISLES'22 rules). It then prints the deepmind convention's distances of
the same cases (plugins/metrics/tests/lib/reference/deepmind_reference.py: surface-distance's
algorithm in numpy/scipy; only its triangle table comes from the project).
"""
import pathlib
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "plugins" / "metrics" /
                       "tests" / "lib" / "reference"))
import deepmind_reference  # noqa: E402


def border(mask):
    eroded = ndimage.binary_erosion(mask, structure=ndimage.generate_binary_structure(3, 1),
                                    border_value=0)
    return mask & ~eroded


def distances(from_border, to_border, spacing):
    edt = ndimage.distance_transform_edt(~to_border, sampling=spacing)
    return edt[from_border]


def lesions(pred, ref):
    structure = np.ones((3, 3, 3), bool)
    ref_labels, n_ref = ndimage.label(ref, structure)
    pred_labels, n_pred = ndimage.label(pred, structure)
    tp = sum(1 for i in range(1, n_ref + 1) if pred[ref_labels == i].any())
    fp = sum(1 for i in range(1, n_pred + 1) if not ref[pred_labels == i].any())
    return tp, fp, n_ref - tp, n_ref, n_pred


def report(name, pred, ref, spacing):
    tp = int((pred & ref).sum()); fp = int((pred & ~ref).sum()); fn = int((~pred & ref).sum())
    voxel_ml = float(np.prod(spacing)) / 1000.0
    bp, br = border(pred), border(ref)
    d_pr, d_rp = distances(bp, br, spacing), distances(br, bp, spacing)
    l_tp, l_fp, l_fn, n_ref, n_pred = lesions(pred, ref)
    values = {
        "dice": 2 * tp / (2 * tp + fp + fn),
        "iou": tp / (tp + fp + fn),
        "tp": tp, "fp": fp, "fn": fn,
        "volume_ref_ml": (tp + fn) * voxel_ml,
        "volume_diff_ml": (fp - fn) * voxel_ml,
        "lesion_tp": l_tp, "lesion_fp": l_fp, "lesion_fn": l_fn,
        "lesion_count_diff": abs(n_pred - n_ref),
        "hd": max(d_pr.max(), d_rp.max()),
        "hd95": max(np.percentile(d_pr, 95), np.percentile(d_rp, 95)),
        "assd": (d_pr.sum() + d_rp.sum()) / (d_pr.size + d_rp.size),
        "masd": (d_pr.mean() + d_rp.mean()) / 2,
        "nsd": ((d_pr <= 1.0).sum() + (d_rp <= 1.0).sum()) / (d_pr.size + d_rp.size),
    }
    print(name)
    for key, value in values.items():
        print(f"  {key:20s} {value!r}")
    print("  deepmind (nsd tolerance 1 mm):")
    for key, value in deepmind_reference.metrics(pred, ref, spacing, 1.0).items():
        print(f"    {key:18s} {value!r}")


def main(path):
    atlas = np.asarray(nib.load(path).dataobj)  # index [x, y, z], 1 mm
    # Case "precentral": region 1 (Precentral_L) vs the same region moved +2 voxels along x.
    ref = atlas == 1
    pred = np.zeros_like(ref)
    pred[2:, :, :] = ref[:-2, :, :]
    report("precentral (spacing 1 x 1 x 1)", pred, ref, (1.0, 1.0, 1.0))
    # Case "orbital": region 5 (Frontal_Sup_Orb_L) vs its 6-neighbour dilation by one voxel,
    # both written with spacing 0.8 x 1.0 x 2.5 mm.
    ref = atlas == 5
    pred = ndimage.binary_dilation(ref, structure=ndimage.generate_binary_structure(3, 1))
    report("orbital (spacing 0.8 x 1 x 2.5)", pred, ref, (0.8, 1.0, 2.5))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/mricron/templates/aal.nii.gz")
