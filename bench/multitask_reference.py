#!/usr/bin/python3
"""Recipe A's multitask attention U-Net in PyTorch Python: the reference for
bench/multitask_bench.cpp.

The same network as `model: {type: multitask_unet, encoder: resnet18}`: torchvision's ResNet-18
as the encoder (stem + layer1..4, no fc), a classification head (global average pool, dropout
0.2, linear 512 -> 1) and a U-Net decoder 256, 128, 64, 32, 16 whose blocks upsample x2
(nearest), gate the skip with an additive attention gate (1x1 conv + BN on skip and gate, ReLU,
1x1 conv + BN to one channel, sigmoid), concatenate, and apply two 3x3 conv + BN + ReLU; a 3x3
segmentation head. The same loss (BCE of the class logit + 0.1 x focal alpha 0.25 gamma 2 of the
map) and AdamW (lr 1e-3, wd 1e-4, encoder group at 0.1 x). Debian's python3-torch 1.13 is
libtorch 1.13, so both sides run the same kernels; only the framework around them differs.

  /usr/bin/python3 bench/multitask_reference.py [--size 256] [--batch 16] [--threads 2]
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


def conv_bn(cin, cout, k):
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout))


class AttentionGate(nn.Module):
    def __init__(self, skip, gate):
        super().__init__()
        inter = max(1, skip // 2)
        self.skip_proj, self.gate_proj, self.psi = conv_bn(skip, inter, 1), conv_bn(gate, inter, 1), conv_bn(inter, 1, 1)

    def forward(self, skip, gate):
        return skip * torch.sigmoid(self.psi(F.relu(self.skip_proj(skip) + self.gate_proj(gate))))


class DecoderBlock(nn.Module):
    def __init__(self, cin, skip, cout):
        super().__init__()
        self.gate = AttentionGate(skip, cin) if skip else None
        self.conv1, self.conv2 = conv_bn(cin + skip, cout, 3), conv_bn(cout, cout, 3)

    def forward(self, x, skip):
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        if skip is not None:
            x = torch.cat([x, self.gate(skip, x)], 1)
        return F.relu(self.conv2(F.relu(self.conv1(x))))


class MultitaskUNet(nn.Module):
    def __init__(self):
        super().__init__()
        r = torchvision.models.resnet18(weights=None)
        self.encoder = nn.ModuleDict(dict(conv1=r.conv1, bn1=r.bn1, layer1=r.layer1, layer2=r.layer2,
                                          layer3=r.layer3, layer4=r.layer4))
        enc, dec = [64, 64, 128, 256, 512], [256, 128, 64, 32, 16]
        skips = enc[-2::-1]
        blocks, cin = [], enc[-1]
        for i, cout in enumerate(dec):
            blocks.append(DecoderBlock(cin, skips[i] if i < len(skips) else 0, cout))
            cin = cout
        self.blocks = nn.ModuleList(blocks)
        self.seg_head = nn.Conv2d(dec[-1], 1, 3, padding=1)
        self.dropout, self.classifier = nn.Dropout(0.2), nn.Linear(512, 1)

    def forward(self, x):
        e = self.encoder
        h = F.relu(e.bn1(e.conv1(x)))
        feats = [h]
        h = e.layer1(F.max_pool2d(h, 3, 2, 1)); feats.append(h)
        h = e.layer2(h); feats.append(h)
        h = e.layer3(h); feats.append(h)
        feats.append(e.layer4(h))
        cls = self.classifier(self.dropout(feats[-1].mean((2, 3))))
        x = feats[-1]
        for i, block in enumerate(self.blocks):
            k = len(feats) - 2 - i
            x = block(x, feats[k] if k >= 0 else None)
        return cls, self.seg_head(x)


def focal(logits, target, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    pt = p * target + (1 - p) * (1 - target)
    weight = alpha * target + (1 - alpha) * (1 - target)
    return (weight * (1 - pt) ** gamma * ce).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = MultitaskUNet().train()
    encoder = list(model.encoder.parameters())
    ids = {id(p) for p in encoder}
    rest = [p for p in model.parameters() if id(p) not in ids]
    opt = torch.optim.AdamW([{"params": encoder, "lr": 1e-4}, {"params": rest, "lr": 1e-3}],
                            lr=1e-3, weight_decay=1e-4)
    x = torch.rand(a.batch, 3, a.size, a.size)
    label = (torch.rand(a.batch, 1, a.size, a.size) < 0.006).float()
    cls_target = (torch.arange(a.batch) % 2).float().unsqueeze(1)

    def step():
        cls, seg = model(x)
        loss = F.binary_cross_entropy_with_logits(cls, cls_target) + 0.1 * focal(seg, label)
        opt.zero_grad()
        loss.backward()
        opt.step()

    step()  # warm-up, as the C++ benchmark
    times = []
    for _ in range(a.steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    model.eval()
    with torch.no_grad():
        model(x)
        forward = []
        for _ in range(a.steps):
            t = time.perf_counter()
            model(x)
            forward.append(time.perf_counter() - t)
    print(json.dumps({
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_step_ms": 1000 * sum(times) / len(times),
        "forward_ms": 1000 * sum(forward) / len(forward),
        "peak_rss_MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "size": a.size, "batch": a.batch, "threads": a.threads}))


if __name__ == "__main__":
    main()
