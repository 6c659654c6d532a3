"""Growth with input size: ``policykit lint`` time and peak memory against PyYAML's C loader.

    python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--only rules|users]

Two generated inputs, each at every size:

* **rules** — a policy file of N rules (``"svc:resource_i:get": "role:reader and
  project_id:%(project_id)s"``);
* **users** — a deployment.yaml with N users, N/10 projects and 2N role assignments.

Each case runs ``policykit lint FILE`` end to end in a fresh process (the public
command, reading, checks and report included) and, beside it, a process that only
reads the same file with ``yaml.load(text, Loader=yaml.CSafeLoader)`` — the floor: no
reader of the file can be faster than the C loader alone. The table shows both wall
times, their ratio, and the peak resident memory of each process (``ru_maxrss``) next
to the file size, so growth is visible: linear input should give linear time and memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def policy_text(n: int) -> str:
    return "".join(f'"svc:resource_{i}:get": "role:reader and project_id:%(project_id)s"\n' for i in range(n))


def deployment_text(n: int) -> str:
    projects = max(1, n // 10)
    lines = [
        "version: 1", "cloud: scale", "regions:", "  - id: RegionOne",
        "    hosts: {public: api.example.com, internal: controller}",
        "services:", "  - {type: identity, name: keystone, port: 5000, path: /v3}",
        "identity:", "  domains: [{name: Default, id: default}]",
        "  roles: [{name: admin, implies: [member]}, {name: member, implies: [reader]}, reader]",
        "  projects:",
    ]
    lines += [f"    - {{name: project{i}, domain: Default}}" for i in range(projects)]
    lines.append("  users:")
    lines += [f"    - {{name: user{i}, domain: Default}}" for i in range(n)]
    lines.append("  assignments:")
    for i in range(n):
        lines.append(f"    - {{user: user{i}, role: member, project: project{i % projects}}}")
        lines.append(f"    - {{user: user{i}, role: reader, project: project{(i + 1) % projects}}}")
    return "\n".join(lines) + "\n"


_FLOOR = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"


def peak_of(command: list[str]) -> tuple[float, int]:
    # A wrapper process reports its own child's peak, so every row has its own figure.
    probe = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
        "e = time.perf_counter() - s; "
        "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
        "sys.stderr.write(r.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True)
    elapsed, peak, code = done.stdout.split()
    if int(code) not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({code}): {done.stderr.strip()[:500]}")
    return float(elapsed), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--only", choices=("rules", "users"))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    policykit = [sys.executable, "-m", "policykit.cli"]
    print(f"{'input':<7} {'N':>7} {'file MB':>8} {'lint s':>7} {'C load s':>8} {'ratio':>6} "
          f"{'lint MB':>8} {'C load MB':>9} {'lint MB/file MB':>15}")
    with tempfile.TemporaryDirectory() as folder:
        for kind, make, name in (("rules", policy_text, "policy.yaml"), ("users", deployment_text, "deployment.yaml")):
            if args.only and args.only != kind:
                continue
            for size in sizes:
                path = Path(folder) / f"{size}-{name}"
                path.write_text(make(size), encoding="utf-8")
                megabytes = path.stat().st_size / 2**20
                lint_time, lint_peak = peak_of([*policykit, "--max-file-size", "1G", "lint", "--format=json",
                                                str(path)])
                floor_time, floor_peak = peak_of([sys.executable, "-c", _FLOOR, str(path)])
                print(f"{kind:<7} {size:>7} {megabytes:>8.1f} {lint_time:>7.2f} {floor_time:>8.2f} "
                      f"{lint_time / floor_time:>6.2f} {lint_peak / 1024:>8.0f} {floor_peak / 1024:>9.0f} "
                      f"{lint_peak / 1024 / megabytes:>15.1f}", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
