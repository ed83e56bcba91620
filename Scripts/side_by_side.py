#!/usr/bin/env python3
"""ocnna's engine beside PyTorch on the same CPU: `ocnna bench engine` and
`Scripts/torch_reference.py` run alternately, one process per network and engine, several
times; prints the median images/s of each, the ratio with its spread over the runs, and
each process's peak resident memory (from wait4), as a Markdown table.

Optional tooling, never a dependency of ocnna. Needs a Python with torch 2.13:

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch==2.13.0
    swift build -c release
    python3 Scripts/side_by_side.py --python /tmp/torchenv/bin/python --runs 3

Run it on a quiet machine: both engines use every core they are given.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

NETWORKS = ["vgg16-bn", "vgg16-bn/8", "resnet56", "resnet20"]
HERE = os.path.dirname(os.path.abspath(__file__))


def measure(command, env=None):
    """Runs a command with fork/exec and wait4; returns (stdout, peak RSS in MiB)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.dup2(write_end, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        try:
            os.execvpe(command[0], command, env or os.environ)
        finally:
            os._exit(127)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed with status {status}")
    return b"".join(chunks).decode(), usage.ru_maxrss / 1024


def one(engine, network, args, scratch):
    path = os.path.join(scratch, "m.json")
    common = ["--network", network, "--steps", str(args.steps), "--warmup", str(args.warmup),
              "--batch", str(args.batch), "--json", path]
    if engine == "ocnna":
        command = [args.ocnna, "bench", "engine", "--threads", str(args.threads)] + common
    else:
        command = [args.python, os.path.join(HERE, "torch_reference.py"), "--threads", str(args.threads)] + common
    out, rss = measure(command)
    with open(path) as f:
        m = json.load(f)[0]
    header = out.splitlines()[1] if len(out.splitlines()) > 1 else ""
    return m["trainImagesPerSecond"], m["inferenceImagesPerSecond"], rss, header


def spread(values):
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocnna", default=".build/release/ocnna")
    parser.add_argument("--python", default=sys.executable, help="a Python with torch")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    args = parser.parse_args()
    figures = {(e, n): [] for e in ("ocnna", "torch") for n in NETWORKS}
    headers = {}
    with tempfile.TemporaryDirectory() as scratch:
        for r in range(args.runs):
            # Alternate which engine goes first, so drift over time hits both alike.
            order = ("ocnna", "torch") if r % 2 == 0 else ("torch", "ocnna")
            for network in NETWORKS:
                for engine in order:
                    train, infer, rss, header = one(engine, network, args, scratch)
                    figures[(engine, network)].append((train, infer, rss))
                    headers[engine] = header
                    print(f"run {r + 1}/{args.runs} {engine:<5} {network:<10} train {train:8.1f} "
                          f"infer {infer:8.1f} img/s  peak {rss:7.0f} MiB", file=sys.stderr, flush=True)
    print(f"Batch {args.batch}, {args.threads} threads, median of {args.steps} steps after {args.warmup} "
          f"warm-up per process; {args.runs} alternating runs per engine and network; {platform.processor() or platform.machine()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}.")
    print(f"\n- ocnna: {headers.get('ocnna', '')}\n- PyTorch: {headers.get('torch', '')}\n")
    print("| network | pass | PyTorch img/s | ocnna img/s | ratio (median, range over runs) | peak MiB PyTorch | peak MiB ocnna |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for network in NETWORKS:
        ours, theirs = figures[("ocnna", network)], figures[("torch", network)]
        for index, label in ((0, "train"), (1, "inference")):
            o = [x[index] for x in ours]
            t = [x[index] for x in theirs]
            ratios = [a / b for a, b in zip(o, t)]
            print(f"| {network} | {label} | {statistics.median(t):.1f} | {statistics.median(o):.1f} | "
                  f"{statistics.median(ratios):.2f} ({spread(ratios)}) | "
                  f"{statistics.median(x[2] for x in theirs):.0f} | {statistics.median(x[2] for x in ours):.0f} |")


if __name__ == "__main__":
    main()
