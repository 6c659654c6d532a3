"""Load speed: ``policykit.load_policy(path)`` against oslo.policy's ``Rules.load(text)``.

    python benchmarks/bench_load.py [--policy FILE] [--sizes 1000,10000,100000] [--quick]

What a service pays to get a usable rule set from a file, end to end, both sides in this
process:

* oslo.policy: read the file, then ``Rules.load(text, "default")`` (YAML/JSON parse and
  every rule parsed into checks — what ``Enforcer.load_rules`` does per file);
* policykit: ``load_policy(path)`` — the public API: bounded read, position-keeping
  YAML/JSON reader (duplicate keys, provenance), every rule parsed, a ``Policy`` ready
  to ``enforce``.

The file is the corpus policy given by ``--policy``, else nova's 2026 sample and
neutron's (../shared/corpus/policies) when they exist, else a generated 246-rule
quoted-YAML policy of the same shape. Trees are first checked to be identical (the
same ``str`` of every rule). A second line adds a first decision for every rule to
both sides (oslo: ``enforce`` through its checks; policykit: ``enforce`` by name),
which is where policykit compiles a rule it has not decided before.

Growth: generated policies of 1k, 10k and 100k rules (``--sizes``): load time of both
with the garbage collector running, as in a service (best of 3 single runs, one for the
largest), and policykit's peak traced memory (``tracemalloc``, in a separate run
because tracing slows allocation), beside the file size.

Timing of the files: ``timeit`` (garbage collector paused, as timeit does); oslo and
policykit runs alternate, each run at least 0.2 s long; the best run of each side counts.
Ratio = oslo time / policykit time.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import tempfile
import time
import timeit
import tracemalloc
import warnings
from pathlib import Path

from _common import BASE_RULES, corpus_path

CORPUS = corpus_path("policies")
CORPUS_FILES = ["nova-2026-sample-uncommented.yaml", "neutron-2026-sample-uncommented.yaml"]
PERSONA = {"user_id": "u1", "project_id": "p1", "domain_id": None, "system_scope": None,
           "roles": ["member", "reader"], "is_admin_project": True}
TARGET = {"project_id": "p1", "user_id": "u1"}


def generated_policy(count: int) -> str:
    """``count`` quoted-YAML rules shaped like a service's: base rules, API rules using them."""
    shapes = ["rule:admin_api", "rule:project_member_or_admin", "rule:project_reader_or_admin", "",
              "role:admin and system_scope:all", "(rule:context_is_admin) or user_id:%(user_id)s",
              "role:reader and (project_id:%(project_id)s or domain_id:%(domain_id)s)"]
    lines = list(BASE_RULES)
    for index in range(count - len(BASE_RULES)):
        lines.append(f'"os_compute_api:resource_{index // 11}:action_{index}": "{shapes[index % len(shapes)]}"')
    return "\n".join(lines) + "\n"


def side_by_side(theirs, ours, repeat: int) -> tuple[float, float]:
    """Seconds per call of each: best of ``repeat`` alternating runs of at least 0.2 s each.

    The two sides alternate run by run, and every run lasts about as long, so a busy
    phase of a shared machine slows both alike instead of favouring one.
    """
    timers = [timeit.Timer(theirs), timeit.Timer(ours)]
    numbers = [timer.autorange()[0] for timer in timers]
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for side, (timer, number) in enumerate(zip(timers, numbers)):
            best[side] = min(best[side], timer.timeit(number) / number)
    return best[0], best[1]


def oslo_load(path: Path):
    from oslo_policy import policy as oslo_policy

    return oslo_policy.Rules.load(path.read_text(encoding="utf-8"), "default")


def oslo_decide_all(path: Path) -> None:
    rules = oslo_load(path)
    for name, check in list(rules.items()):
        try:
            check(dict(TARGET), dict(PERSONA), _OsloEnforcerStub(rules))
        except Exception:  # noqa: BLE001 - a rule oslo cannot decide still counts as evaluated
            pass


class _OsloEnforcerStub:
    """What oslo's checks need from an Enforcer when called directly: its rules."""

    def __init__(self, rules):
        self.rules = rules


def policykit_decide_all(path: Path) -> None:
    from policykit import EvaluationError, load_policy

    policy = load_policy(path)
    for name in list(policy.rules):
        try:
            policy.enforce(name, TARGET, PERSONA)
        except EvaluationError:
            pass


def wall_time(function) -> float:
    """One call's wall time with the garbage collector running, as in a service."""
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def peak_memory(function) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        kept = function()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del kept
    return peak


def compare_file(path: Path, repeat: int) -> float:
    from policykit import load_policy

    expected = {name: str(check) for name, check in oslo_load(path).items()}
    policy = load_policy(path)
    actual = {name: str(check) for name, check in policy.rules.items()}
    if actual != expected:
        raise SystemExit(f"{path.name}: policykit and oslo.policy read different rules")
    size = path.stat().st_size
    oslo_time, ours = side_by_side(lambda: oslo_load(path), lambda: load_policy(path), repeat)
    ratio = oslo_time / ours
    print(f"{path.name[:44]:44} {len(expected):5} rules {size // 1024:5} KB   Rules.load {oslo_time * 1e3:7.2f} ms   "
          f"load_policy {ours * 1e3:7.2f} ms   ratio {ratio:5.2f}x")
    oslo_all, ours_all = side_by_side(lambda: oslo_decide_all(path), lambda: policykit_decide_all(path), repeat)
    print(f"{'  + one decision for every rule':44} {'':17}   oslo       {oslo_all * 1e3:7.2f} ms   "
          f"policykit   {ours_all * 1e3:7.2f} ms   ratio {oslo_all / ours_all:5.2f}x")
    return ratio


def growth(sizes: list[int], workdir: Path) -> None:
    from policykit import load_policy

    print(f"\ngrowth (generated policies): {'rules':>8} {'file':>8} {'Rules.load':>11} {'load_policy':>12} "
          f"{'ratio':>6} {'peak memory':>12}")
    for count in sizes:
        path = workdir / f"generated-{count}.yaml"
        path.write_text(generated_policy(count), encoding="utf-8")
        oslo_time = ours = float("inf")
        for _ in range(1 if count >= 100_000 else 3):  # alternating single runs, collector on
            oslo_time = min(oslo_time, wall_time(lambda: oslo_load(path)))
            ours = min(ours, wall_time(lambda: load_policy(path)))
        memory = peak_memory(lambda: load_policy(path))
        size = path.stat().st_size
        print(f"{'':28} {count:8} {size / 2**20:6.1f}MB {oslo_time:10.3f}s {ours:11.3f}s {oslo_time / ours:5.2f}x "
              f"{memory / 2**20:9.1f} MB ({memory / size:.0f}x file)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", type=Path, action="append", help="policy file(s) to load (default: corpus)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="rule counts for the growth table ('' for none)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    repeat = 3 if args.quick else 9
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))

    paths = args.policy or [CORPUS / name for name in CORPUS_FILES if (CORPUS / name).is_file()]
    if not paths:
        generated = workdir / "generated-246.yaml"
        generated.write_text(generated_policy(246), encoding="utf-8")
        paths = [generated]
        print("corpus not found: generated policy")
    print(f"python {sys.version.split()[0]}; best of {repeat} alternating runs of >= 0.2 s; "
          "ratio = oslo time / policykit time\n")
    ratios = [compare_file(path, repeat) for path in paths]
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if sizes:
        growth(sizes, workdir)
    print(f"\nsummary: load_policy vs Rules.load {', '.join(f'{r:.2f}x' for r in ratios)} (target: >= 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
