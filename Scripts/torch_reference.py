#!/usr/bin/env python3
"""PyTorch counterpart of `ocnna bench engine`, for side-by-side speed comparisons.

Optional tooling, never a dependency of ocnna: it builds the same three networks (CIFAR
VGG-16-BN, the same at width 1/8, CIFAR ResNet-56 with option-A shortcuts), runs the same
training step (forward + backward + SGD momentum 0.9, weight decay 5e-4, batch 128,
random 3x32x32 inputs) and eval-mode inference, and prints the same table.

    pip install torch==2.13.0        # in a throwaway virtual environment
    python3 Scripts/torch_reference.py --threads 2 --steps 5

`Scripts/side_by_side.py` runs this and `ocnna bench engine` alternately and prints ratios.
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VGG16_PLAN = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]


def scaled(channels, width):
    return max(8, int(round(channels * width / 8)) * 8)


def vgg16(width=1.0, classes=10):
    layers, channels = [], 3
    for planned in VGG16_PLAN:
        if planned == 0:
            layers.append(nn.MaxPool2d(2))
            continue
        out = scaled(planned, width)
        layers += [nn.Conv2d(channels, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU()]
        channels = out
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(channels, classes))


class Block(nn.Module):
    def __init__(self, inputs, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.pad = (planes - inputs) if (stride != 1 or inputs != planes) else None
        self.stride = stride

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x
        if self.pad is not None:
            shortcut = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(out + shortcut)


def resnet(depth=56, classes=10):
    n = (depth - 2) // 6
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    channels = 16
    for stage, planes in enumerate([16, 32, 64]):
        for block in range(n):
            layers.append(Block(channels, planes, 2 if stage > 0 and block == 0 else 1))
            channels = planes
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, classes))


def measure(name, model, batch, steps, warmup):
    torch.manual_seed(7)
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    model.train()
    train = []
    for step in range(warmup + steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
        if step >= warmup:
            train.append(time.perf_counter() - start)
    model.eval()
    infer = []
    with torch.no_grad():
        for step in range(warmup + steps):
            start = time.perf_counter()
            model(x)
            if step >= warmup:
                infer.append(time.perf_counter() - start)
    params = sum(p.numel() for p in model.parameters())
    return {
        "name": name, "batchSize": batch, "parameterCount": params,
        "trainImagesPerSecond": batch / statistics.median(train),
        "inferenceImagesPerSecond": batch / statistics.median(infer),
        "trainSeconds": train, "inferenceSeconds": infer,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--only", default=None, help="networks whose names contain this text")
    parser.add_argument("--network", default=None, help="only the network with exactly this name")
    parser.add_argument("--json", default=None, help="also write the measurements as JSON here")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__} bench — batch {args.batch}, median of {args.steps} steps after {args.warmup} warm-up")
    print(f"threads: {torch.get_num_threads()}, CPU capability: {torch.backends.cpu.get_cpu_capability()}")
    print("network      params   train img/s   infer img/s")
    cases = [("vgg16-bn", lambda: vgg16(1.0)), ("vgg16-bn/8", lambda: vgg16(0.125)), ("resnet56", lambda: resnet(56)), ("resnet20", lambda: resnet(20))]
    measurements = []
    for name, build in cases:
        if (args.only and args.only not in name) or (args.network and args.network != name):
            continue
        m = measure(name, build(), args.batch, args.steps, args.warmup)
        measurements.append(m)
        print(f"{name:<11} {m['parameterCount']:>9} {m['trainImagesPerSecond']:>13.1f} {m['inferenceImagesPerSecond']:>13.1f}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(measurements, out, indent=2)


if __name__ == "__main__":
    main()
