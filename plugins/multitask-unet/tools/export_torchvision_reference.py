#!/usr/bin/env python3
"""Writes torchvision ResNet-18/34 and EfficientNet-B0 exports and reference features for the
encoder tests.

For each encoder (resnet18, resnet34, efficientnet_b0): <name>_state_dict.pt (torch.save of dict(state_dict): libtorch 1.13 cannot
unpickle the OrderedDict that state_dict() returns), <name>_script.pt
(TorchScript) and <name>_reference.pt (an input x and torchvision's stem and deepest outputs,
"layer4", in eval mode; EfficientNet also its head convolution's). Random weights with non-trivial batch-norm statistics: nothing is downloaded.
Usage: export_torchvision_reference.py OUT_DIR   (needs python3-torch and python3-torchvision)
"""
import pathlib
import sys

import torch
import torchvision


def main(out: pathlib.Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    for name in ("resnet18", "resnet34"):
        model = getattr(torchvision.models, name)(weights=None).eval()
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
        torch.save(dict(model.state_dict()), out / f"{name}_state_dict.pt")
        torch.jit.script(model).save(str(out / f"{name}_script.pt"))
        x = torch.randn(2, 3, 64, 64)
        with torch.no_grad():
            stem = model.relu(model.bn1(model.conv1(x)))
            h = model.maxpool(stem)
            h = model.layer4(model.layer3(model.layer2(model.layer1(h))))
        torch.save({"x": x, "stem": stem, "layer4": h}, out / f"{name}_reference.pt")
    model = torchvision.models.efficientnet_b0(weights=None).eval()
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    torch.save(dict(model.state_dict()), out / "efficientnet_b0_state_dict.pt")
    torch.jit.script(model).save(str(out / "efficientnet_b0_script.pt"))
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        stem = model.features[0](x)
        h = stem
        for stage in model.features[1:8]:
            h = stage(h)
        head = model.features[8](h)
    torch.save({"x": x, "stem": stem, "layer4": h, "head": head},
               out / "efficientnet_b0_reference.pt")
    # What the error message must explain: a state dict saved as the OrderedDict itself.
    torch.save(torch.nn.Linear(2, 1).state_dict(), out / "ordered_state_dict.pt")
    (out / "exports_v2.done").write_text("resnet18 resnet34 efficientnet_b0\n")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
