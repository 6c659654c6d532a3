"""Speed of ``policykit diff --symbolic`` on a real upgrade: nova 2025.1 → 2026 defaults.

    python benchmarks/bench_symbolic.py [--old FILE --new FILE --overrides FILE] [--repeat N]

The whole process is timed, as a CI job runs it: ``policykit diff OVERRIDES
--old-defaults nova-2025.1.json --new-defaults nova.json --symbolic --format json
--fail-on none`` (the same overrides file on both sides; every action is decided over
all requests, and both directions, gains and losses). The budget is 10 s.

Reference, in the same run: the same command without ``--symbolic`` (the persona diff:
14 standard personas × 3 targets per action, every decision through the compiled
engine). The ratio symbolic / persona diff says what proving over all requests costs
on top. The in-process time of ``symbolic.compare`` over every action is printed too
(solver and encoding only, without start-up, loading and rendering).

Inputs: ../shared/corpus/defaults-history/nova-2025.1.json and
../shared/corpus/defaults/nova.json (skipped with a message when absent), and
benchmarks/data/nova-overrides.yaml.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, corpus_path

CORPUS = corpus_path()
OLD = CORPUS / "defaults-history" / "nova-2025.1.json"
NEW = CORPUS / "defaults" / "nova.json"
OVERRIDES = ROOT / "benchmarks" / "data" / "nova-overrides.yaml"
BUDGET_S = 10.0


def run_cli(args: list[str], repeat: int) -> tuple[float, dict]:
    best, data = float("inf"), {}
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "policykit.cli", *args], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"policykit failed ({done.returncode}): {done.stderr.strip()}")
        best, data = min(best, elapsed), json.loads(done.stdout)
    return best, data


def in_process(old: Path, new: Path, overrides: Path) -> tuple[float, int]:
    from policykit.analysis.state import load_state
    from policykit.analysis.symbolic import compare

    old_state = load_state(overrides, defaults=[str(old)])
    new_state = load_state(overrides, defaults=[str(new)])
    actions = list(dict.fromkeys(old_state.actions() + new_state.actions()))
    start = time.perf_counter()
    for action in actions:
        compare(old_state.policy, new_state.policy, action)
    return time.perf_counter() - start, len(actions)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=Path, default=OLD)
    parser.add_argument("--new", type=Path, default=NEW)
    parser.add_argument("--overrides", type=Path, default=OVERRIDES)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the best is kept")
    args = parser.parse_args(argv)
    if not args.old.is_file() or not args.new.is_file():
        print(f"skipped: the defaults exports are not here ({args.old}, {args.new})")
        return 0
    common = ["diff", str(args.overrides), "--old-defaults", str(args.old), "--new-defaults", str(args.new),
              "--format", "json", "--fail-on", "none"]
    symbolic_s, data = run_cli(common + ["--symbolic"], args.repeat)
    persona_s, _ = run_cli(common, args.repeat)
    solve_s, actions = in_process(args.old, args.new, args.overrides)
    summary = data["summary"]
    gains, losses = summary["symbolic"]["gains"], summary["symbolic"]["losses"]
    print(f"nova {args.old.name} → {args.new.name}, overrides {args.overrides.name}: {summary['actions']} actions")
    print(f"  diff --symbolic, whole process:  {symbolic_s:6.2f} s   (budget {BUDGET_S:.0f} s: "
          f"{symbolic_s / BUDGET_S:.0%} of it)")
    print(f"  diff (personas only), whole:     {persona_s:6.2f} s   symbolic / persona diff = "
          f"{symbolic_s / persona_s:.2f}×")
    print(f"  symbolic.compare in process:     {solve_s:6.2f} s   for {actions} actions "
          f"({solve_s / max(actions, 1) * 1000:.1f} ms each, both directions)")
    print(f"  gains:  {gains['same']} proved same, {gains['new-access']} new access, {gains['unknown']} unknown")
    print(f"  losses: {losses['same']} proved same, {losses['new-access']} lost access, {losses['unknown']} unknown")
    print(f"  persona diff: {summary['gains']} gains, {summary['losses']} losses over {summary['changed']} changed "
          "actions")
    return 0 if symbolic_s <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
