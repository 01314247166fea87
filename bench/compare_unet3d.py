#!/usr/bin/python3
"""Runs every case of bench/unet3d_bench.cpp and bench/unet3d_reference.py, each in its own
process (so peak RSS is that case's), and prints a Markdown table with the time ratio.

  /usr/bin/python3 bench/compare_unet3d.py --bench build/bin/ves_bench_unet3d [--only train] \
      [--tcmalloc /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = [(96, 1), (96, 2), (64, 1), (64, 2)]


def ours(bench, name):
    out = subprocess.run([bench, f"--benchmark_filter=^{name}$", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    run = json.loads(out)["benchmarks"][0]
    return {"seconds": run["real_time"], "gflops_per_s": run["GFLOP"],
            "peak_rss_mib": run["peak_rss_MiB"]}


def python(args, preload=None):
    env = dict(os.environ, LD_PRELOAD=preload) if preload else None
    out = subprocess.run([sys.executable, os.path.join(HERE, "unet3d_reference.py")] + args,
                         check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", required=True, help="path of ves_bench_unet3d")
    parser.add_argument("--only", choices=["train", "window"], help="run one kind of case")
    parser.add_argument("--precisions", default="0,1", help="bf16 flags to run: 0 = fp32, 1 = bf16")
    parser.add_argument("--tcmalloc", help="also run Python with this allocator in LD_PRELOAD")
    args = parser.parse_args()
    cases = []
    for bf16 in [int(p) for p in args.precisions.split(",")]:
        flag = ["--bf16"] if bf16 else []
        if args.only in (None, "train"):
            for patch, batch in TRAIN:
                cases.append((f"train step {patch}^3 batch {batch}", bf16,
                              f"TrainStep/patch:{patch}/batch:{batch}/bf16:{bf16}/iterations:3"
                              "/real_time",
                              ["train", "--patch", str(patch), "--batch", str(batch)] + flag))
        if args.only in (None, "window"):
            cases.append(("sliding window 160x160x128", bf16,
                          f"SlidingWindow/bf16:{bf16}/iterations:1/real_time", ["window"] + flag))
    extra = " | Python+tcmalloc s | ratio" if args.tcmalloc else ""
    print("| case | precision | ours s | Python s | ratio" + extra + " | ours GFLOP/s "
          "| Python GFLOP/s | ours peak MiB | Python peak MiB |")
    print("|---" * (11 if args.tcmalloc else 9) + "|")
    for label, bf16, name, py_args in cases:
        a, b = ours(args.bench, name), python(py_args)
        row = (f"| {label} | {'bf16' if bf16 else 'fp32'} | {a['seconds']:.2f} | "
               f"{b['seconds']:.2f} | {a['seconds'] / b['seconds']:.2f}")
        if args.tcmalloc:
            c = python(py_args, args.tcmalloc)
            row += f" | {c['seconds']:.2f} | {a['seconds'] / c['seconds']:.2f}"
        print(row + f" | {a['gflops_per_s']:.1f} | {b['gflops_per_s']:.1f} | "
              f"{a['peak_rss_mib']:.0f} | {b['peak_rss_mib']:.0f} |", flush=True)

if __name__ == "__main__":
    main()
