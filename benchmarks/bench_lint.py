"""Wall time of a whole ``policykit lint`` process, side by side with ``oslopolicy-validator``.

    python benchmarks/bench_lint.py [--runs 7]

Each command is started as a fresh process (what a pre-commit hook or CI job pays,
interpreter start-up included) several times; the median wall time is reported.
Inputs:

* the corpus policy file with the most rules (../shared/corpus/policies, skipped with a
  message when that folder is absent);
* keystone's 2026 sample from the corpus, linted by policykit with ``--namespace
  keystone`` (and offline, with the corpus's exported keystone defaults) and checked by
  ``oslopolicy-validator --namespace keystone`` — the one namespace installed here (the
  validator needs the service installed, policykit does not);
* the bundled example cloud, examples/deployment.yaml (with every file it lists).

CPU time (user + system of the child) is printed beside the wall time: on a busy machine
it is the steadier figure. Each command runs once unmeasured first (bytecode compiled, files in the page cache).
Target: policykit lint under 0.3 s wall per file.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import corpus_path

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = corpus_path("policies")
TARGET_SECONDS = 0.3
POLICYKIT = [sys.executable, "-m", "policykit.cli", "lint", "--isolated", "--exit-zero", "--format", "concise"]
VALIDATOR = [sys.executable, "-c", "import sys; from oslo_policy.generator import validate_policy; sys.exit(validate_policy())"]


# Installed packages have their bytecode compiled; a PYTHONDONTWRITEBYTECODE environment
# would make every run recompile every module and measure the compiler instead.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


CPU_TIMES: dict[int, list[float]] = {}  # id(wall times list) -> CPU seconds (user + sys) per run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_times(command: list[str], runs: int, cwd: Path | None = None) -> list[float]:
    subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _children_cpu()
        completed = subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - start_cpu)
        if completed.returncode not in (0, 1):
            print(f"  {' '.join(command[2:])} failed ({completed.returncode}): {completed.stderr.strip()[-300:]}")
            return []
    CPU_TIMES[id(times)] = cpu
    return times


def report(label: str, times: list[float]) -> float | None:
    if not times:
        return None
    median = statistics.median(times)
    cpu = statistics.median(CPU_TIMES.get(id(times), [float("nan")]))
    print(f"  {label:<50} median {median * 1000:7.1f} ms   best {min(times) * 1000:7.1f} ms   "
          f"CPU {cpu * 1000:6.1f} ms   (n={len(times)})")
    return median


def rule_count(path: Path) -> int:
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError):
        return 0
    return len(data) if isinstance(data, dict) else 0


def largest_corpus_policy() -> Path | None:
    if not CORPUS.is_dir():
        return None
    files = [p for p in CORPUS.iterdir() if p.suffix in (".json", ".yaml", ".yml")]
    return max(files, key=rule_count, default=None)


def validator_available() -> bool:
    try:
        from importlib.metadata import entry_points

        return any(ep.name == "keystone" for ep in entry_points(group="oslo.policy.enforcer"))
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs each\n")
    medians = {}

    largest = largest_corpus_policy()
    if largest is None:
        print(f"corpus: skipped ({CORPUS} is absent)")
    else:
        print(f"largest corpus policy: {largest.name} ({rule_count(largest)} rules, {largest.stat().st_size} bytes)")
        medians["largest"] = report("policykit lint", wall_times([*POLICYKIT, str(largest)], args.runs))

    keystone = CORPUS / "keystone-2026-sample-uncommented.yaml"
    if keystone.is_file():
        print(f"\n{keystone.name} ({rule_count(keystone)} rules) against the keystone namespace")
        medians["policykit-ns"] = report(
            "policykit lint --namespace keystone", wall_times([*POLICYKIT, "--namespace", "keystone", str(keystone)], args.runs)
        )
        exported = CORPUS.parent / "defaults" / "keystone.json"
        if exported.is_file():
            medians["policykit-file"] = report(
                "policykit lint --defaults keystone.json (offline)",
                wall_times([*POLICYKIT, "--defaults", str(exported), str(keystone)], args.runs),
            )
        if validator_available():
            with tempfile.TemporaryDirectory() as work:
                # The validator reopens policy_file relative to the working directory.
                shutil.copy(keystone, Path(work) / "policy.yaml")
                (Path(work) / "policy.conf").write_text("[oslo_policy]\npolicy_file = policy.yaml\n")
                command = [*VALIDATOR, "--config-file", "policy.conf", "--namespace", "keystone"]
                medians["validator"] = report("oslopolicy-validator --namespace keystone", wall_times(command, args.runs, Path(work)))
            if medians["validator"] and medians["policykit-ns"]:
                ratio = medians["validator"] / medians["policykit-ns"]
                print(f"  policykit lint is {ratio:.1f}x {'faster' if ratio >= 1 else 'slower'} than oslopolicy-validator")
        else:
            print("  oslopolicy-validator: skipped (no oslo.policy.enforcer entry point for keystone installed)")

    example = PROJECT / "examples" / "deployment.yaml"
    if example.is_file():
        print(f"\nbundled example: {example.relative_to(PROJECT)} (and every file it lists)")
        medians["example"] = report("policykit lint", wall_times([*POLICYKIT, str(example)], args.runs))
    else:
        print("\nbundled example: skipped (examples/deployment.yaml is absent)")

    startup = wall_times([sys.executable, "-c", "pass"], args.runs)
    print()
    report("(python start-up alone, for reference)", startup)
    slow = {name: value for name, value in medians.items()
            if name != "validator" and (value is None or value > TARGET_SECONDS)}
    print(f"\ntarget: policykit lint < {TARGET_SECONDS:.1f} s wall: " + ("met" if not slow else f"missed for {', '.join(slow)}"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > (os.cpu_count() or 1):
        print(f"(load average {load:.1f} on {os.cpu_count()} CPUs: wall times include waiting for a CPU; "
              "the CPU column is what a quiet machine's wall time would be)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
