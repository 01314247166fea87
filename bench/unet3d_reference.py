#!/usr/bin/python3
"""Recipe C's 3-D U-Net in PyTorch Python: the reference for bench/unet3d_bench.cpp.

The same network as `model: {type: unet3d, in_channels: 2, out_channels: 1, depth: 4,
base_channels: 32}` (two 3x3x3 conv -> InstanceNorm(affine) -> LeakyReLU(0.01) per stage, max-pool
down, transposed-conv up, 1x1x1 head, Kaiming init), the same loss (soft Dice, smooth 1e-5, + BCE,
1:1), AdamW lr 2e-4 wd 1e-5, and the same sliding window (patch 96^3, overlap 0.5, Gaussian weights
sigma 0.125, minimum 1e-3, batch of 2 windows, sigmoid). One case per process so the peak RSS is
that case's: run it through bench/compare_unet3d.sh. Debian's python3-torch 1.13 is libtorch 1.13.

  /usr/bin/python3 bench/unet3d_reference.py train --patch 96 --batch 1 [--bf16]
  /usr/bin/python3 bench/unet3d_reference.py window [--bf16]
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CHANNELS = [32, 64, 128, 256, 512]


def stage(cin, cout):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1), nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(0.01, inplace=True),
        nn.Conv3d(cout, cout, 3, padding=1), nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(0.01, inplace=True))


class UNet3d(nn.Module):
    def __init__(self, cin=2, cout=1):
        super().__init__()
        c = CHANNELS
        self.encoder = nn.ModuleList(
            [stage(cin if i == 0 else c[i - 1], c[i]) for i in range(len(c))])
        self.upsample = nn.ModuleList(
            [nn.ConvTranspose3d(c[i + 1], c[i], 2, stride=2) for i in range(len(c) - 1)])
        self.decoder = nn.ModuleList([stage(2 * c[i], c[i]) for i in range(len(c) - 1)])
        self.head = nn.Conv3d(c[0], cout, 1)
        for m in self.modules():
            if isinstance(m, (nn.Conv3d, nn.ConvTranspose3d)):
                nn.init.kaiming_normal_(m.weight, a=0.01, mode="fan_in",
                                        nonlinearity="leaky_relu")
                nn.init.zeros_(m.bias)

    def forward(self, x):
        skips = []
        h = x
        for level, block in enumerate(self.encoder):
            if level > 0:
                h = F.max_pool3d(h, 2)
            h = block(h)
            skips.append(h)
        for level in reversed(range(len(self.decoder))):
            h = self.upsample[level](h)
            h = self.decoder[level](torch.cat([skips[level], h], 1))
        return self.head(h)


def dice_bce(logits, target):
    probs = torch.sigmoid(logits)
    dims = tuple(range(2, logits.dim()))
    inter = (probs * target).sum(dims)
    sizes = probs.sum(dims) + target.sum(dims)
    dice = (2 * inter + 1e-5) / (sizes + 1e-5)
    return (1 - dice.mean()) + F.binary_cross_entropy_with_logits(logits, target)


def forward_flops(n):
    """Multiply-adds x 2 of the convolutions for an n^3 input (norms and activations left out)."""
    c, flops = [2] + CHANNELS, 0
    for level in range(len(CHANNELS)):
        voxels = (n >> level) ** 3
        flops += 2 * 27 * voxels * (c[level] * c[level + 1] + c[level + 1] ** 2)
    for level in range(len(CHANNELS) - 1):
        voxels = (n >> level) ** 3
        lo, hi = CHANNELS[level], CHANNELS[level + 1]
        flops += 2 * hi * lo * voxels  # transposed conv: 8 taps per input voxel = 1 per output
        flops += 2 * 27 * voxels * (2 * lo * lo + lo * lo)
    flops += 2 * CHANNELS[0] * n ** 3
    return flops


def starts(size, patch, overlap):
    step = max(1, int(math.floor(patch * (1 - overlap) + 1e-9)))
    out = list(range(0, max(size - patch, 0), step)) if size > patch else []
    return out + [max(0, size - patch)]


def gaussian(patch, sigma_scale=0.125):
    g = torch.ones(())
    for n in patch:
        x = (torch.arange(n, dtype=torch.float64) - (n - 1) / 2) / (sigma_scale * n)
        g = g.unsqueeze(-1) * torch.exp(-0.5 * x * x)
    return (g / g.max()).clamp_min(1e-3).float()


def sliding_window(model, image, patch=(96, 96, 96), overlap=0.5, batch=2):
    shape = image.shape[1:]
    weight = gaussian(patch)
    out = torch.zeros(shape)
    norm = torch.zeros(shape)
    corners = [(z, y, x) for z in starts(shape[0], patch[0], overlap)
               for y in starts(shape[1], patch[1], overlap)
               for x in starts(shape[2], patch[2], overlap)]
    for i in range(0, len(corners), batch):
        group = corners[i:i + batch]
        windows = torch.stack([image[:, z:z + patch[0], y:y + patch[1], x:x + patch[2]]
                               for z, y, x in group])
        probs = torch.sigmoid(model(windows).float())
        for (z, y, x), p in zip(group, probs):
            out[z:z + patch[0], y:y + patch[1], x:x + patch[2]] += p[0] * weight
            norm[z:z + patch[0], y:y + patch[1], x:x + patch[2]] += weight
    return out / norm, len(corners)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["train", "window"])
    parser.add_argument("--patch", type=int, default=96)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--steps", type=int, default=3, help="timed train steps after 1 warm-up (mean reported)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--bf16", action="store_true", help="CPU autocast to bfloat16")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = UNet3d()
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16)
    result = {"tool": "pytorch-python " + torch.__version__, "what": args.what,
              "threads": args.threads, "precision": "bf16" if args.bf16 else "fp32"}
    if args.what == "train":
        n, b = args.patch, args.batch
        opt = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=1e-5)
        x = torch.randn(b, 2, n, n, n)
        y = (torch.rand(b, 1, n, n, n) < 0.05).float()
        times = []
        for step in range(args.steps + 1):
            start = time.perf_counter()
            with autocast:
                loss = dice_bce(model(x).float(), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step > 0:
                times.append(time.perf_counter() - start)
        seconds = sum(times) / len(times)  # mean, as Google Benchmark reports
        flops = 3 * b * forward_flops(n)  # backward ~ 2 x forward
        result.update(patch=n, batch=b, seconds=seconds, gflops_per_s=flops / seconds / 1e9)
    else:
        model.eval()
        image = torch.randn(2, 128, 160, 160)  # [C, Z, Y, X]: 160 x 160 x 128 (x, y, z)
        with torch.no_grad(), autocast:
            start = time.perf_counter()
            _, windows = sliding_window(model, image)
            seconds = time.perf_counter() - start
        flops = windows * forward_flops(96)
        result.update(size="160x160x128", windows=windows, seconds=seconds,
                      voxels_per_s=160 * 160 * 128 / seconds,
                      gflops_per_s=flops / seconds / 1e9)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
